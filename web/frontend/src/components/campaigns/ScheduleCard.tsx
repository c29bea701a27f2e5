import { FormLayout, Select, TextField } from '@shopify/polaris';
import { weekdayName } from '../../campaigns/describe';
import type { CampaignForm } from '../../campaigns/form';
import { SCHEDULE_KINDS, type ScheduleKind } from '../../campaigns/types';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const MONTH_DAYS = Array.from({ length: 28 }, (_, i) => i + 1);

/** When it runs: once at a time, or every week / month at a time of the shop's zone. */
export function ScheduleCard({ form, state, timezone }: { form: CampaignForm; state: CampaignFormState; timezone: string }) {
  const { t, locale } = useI18n();
  const error = (field: string) => state.errors[`schedule.${field}`];
  const time = (
    <TextField
      id="campaign-time"
      label={t('campaigns.schedule.time', { timezone })}
      type="time"
      value={form.time}
      onChange={(value) => state.set('time', value, 'schedule.time')}
      error={error('time')}
      autoComplete="off"
    />
  );
  return (
    <SectionCard title={t('campaigns.schedule.title')}>
      <FormLayout>
        <FormLayout.Group condensed>
          <Select
            id="campaign-schedule-kind"
            label={t('campaigns.schedule.kind')}
            options={SCHEDULE_KINDS.map((kind) => ({ value: kind, label: t(`campaigns.schedule.kinds.${kind}`) }))}
            value={form.scheduleKind}
            onChange={(value) => state.set('scheduleKind', value as ScheduleKind, 'schedule.kind')}
            error={error('kind')}
          />
          {form.scheduleKind === 'once' && (
            <TextField
              id="campaign-run-at"
              label={t('campaigns.schedule.runAt', { timezone })}
              type="datetime-local"
              value={form.runAt}
              onChange={(value) => state.set('runAt', value, 'schedule.runAt')}
              error={error('runAt')}
              autoComplete="off"
            />
          )}
          {form.scheduleKind === 'weekly' && (
            <Select
              id="campaign-weekday"
              label={t('campaigns.schedule.weekday')}
              options={WEEKDAYS.map((day) => ({ value: String(day), label: weekdayName(locale, day) }))}
              value={form.weekday}
              onChange={(value) => state.set('weekday', value, 'schedule.weekday')}
              error={error('weekday')}
            />
          )}
          {form.scheduleKind === 'monthly' && (
            <Select
              id="campaign-month-day"
              label={t('campaigns.schedule.day')}
              options={MONTH_DAYS.map((day) => ({ value: String(day), label: String(day) }))}
              value={form.monthDay}
              onChange={(value) => state.set('monthDay', value, 'schedule.day')}
              error={error('day')}
            />
          )}
          {form.scheduleKind !== 'once' && time}
        </FormLayout.Group>
      </FormLayout>
    </SectionCard>
  );
}
