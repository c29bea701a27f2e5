import { FormLayout, Select, TextField } from '@shopify/polaris';
import type { ProgramFormState } from '../../hooks/useProgramForm';
import { useI18n } from '../../hooks/useI18n';
import { EXPIRY_MONTH_CHOICES, type ProgramForm } from '../../program/form';
import { SectionCard } from '../shell/SectionCard';

interface Props {
  form: ProgramForm;
  state: ProgramFormState;
  currency: string;
}

export function EarningSection({ form, state, currency }: Props) {
  const { t } = useI18n();
  // A period saved outside the choices (the API takes any 3..36) stays selectable as it is.
  const months = [...new Set([...EXPIRY_MONTH_CHOICES.map(String), ...(form.pointsExpireAfterMonths ? [form.pointsExpireAfterMonths] : [])])].sort(
    (a, b) => Number(a) - Number(b),
  );
  return (
    <SectionCard title={t('program.earning.title')}>
      <FormLayout>
        <FormLayout.Group>
          <TextField
            id="earning-points-per-currency-unit"
            label={t('program.earning.pointsPerCurrencyUnit', { currency })}
            value={form.pointsPerCurrencyUnit}
            onChange={(value) => state.setEarning('pointsPerCurrencyUnit', value)}
            inputMode="decimal"
            helpText={t('program.earning.pointsPerCurrencyUnitHelp')}
            error={state.errors['earning.pointsPerCurrencyUnit']}
            autoComplete="off"
          />
          <TextField
            id="earning-point-value"
            label={t('program.earning.pointValue', { currency })}
            value={form.pointValue}
            onChange={(value) => state.setEarning('pointValue', value)}
            inputMode="decimal"
            helpText={t('program.earning.pointValueHelp')}
            error={state.errors['earning.pointValue']}
            autoComplete="off"
          />
        </FormLayout.Group>
        <FormLayout.Group>
          <Select
            id="earning-award-on"
            label={t('program.earning.awardOn')}
            options={[
              { label: t('program.earning.awardOnPaid'), value: 'paid' },
              { label: t('program.earning.awardOnFulfilled'), value: 'fulfilled' },
            ]}
            value={form.awardOn}
            onChange={(value) => state.setEarning('awardOn', value)}
            error={state.errors['earning.awardOn']}
          />
          <TextField
            id="earning-approval-days"
            label={t('program.earning.approvalDays')}
            value={form.approvalDays}
            onChange={(value) => state.setEarning('approvalDays', value)}
            inputMode="numeric"
            helpText={t('program.earning.approvalDaysHelp')}
            error={state.errors['earning.approvalDays']}
            autoComplete="off"
          />
        </FormLayout.Group>
        <Select
          id="points-expire-after-months"
          label={t('program.earning.pointsExpiry')}
          options={[
            { label: t('program.earning.pointsExpiryNever'), value: '' },
            ...months.map((value) => ({ label: t('program.earning.pointsExpiryMonths', { months: value }), value })),
          ]}
          value={form.pointsExpireAfterMonths}
          onChange={(value) => state.setPointsExpiry(value)}
          helpText={t('program.earning.pointsExpiryHelp')}
          error={state.errors.pointsExpireAfterMonths}
        />
      </FormLayout>
    </SectionCard>
  );
}
