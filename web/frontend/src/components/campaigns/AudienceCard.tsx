import { ChoiceList, FormLayout, Select, TextField } from '@shopify/polaris';
import type { TierRef } from '../../api/types';
import type { CampaignForm } from '../../campaigns/form';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

type DayField = 'minimumOrders' | 'memberForDays' | 'orderedWithinDays' | 'notGiftedWithinDays';

const ID: Record<DayField, string> = {
  minimumOrders: 'campaign-minimum-orders',
  memberForDays: 'campaign-member-for-days',
  orderedWithinDays: 'campaign-ordered-within-days',
  notGiftedWithinDays: 'campaign-not-gifted-within-days',
};

/** Who may receive the gift: every rule that is filled in must hold. */
export function AudienceCard({ form, state, tiers }: { form: CampaignForm; state: CampaignFormState; tiers: TierRef[] }) {
  const { t } = useI18n();
  const error = (field: string) => state.errors[`audience.${field}`];
  const tierError = error('tierIds') ?? form.tierIds.map((_, i) => error(`tierIds.${i}`)).find(Boolean);
  const number = (field: DayField) => (
    <TextField
      id={ID[field]}
      label={t(`campaigns.audience.${field}`)}
      type="number"
      min={1}
      value={form[field]}
      onChange={(value) => state.set(field, value, `audience.${field}`)}
      error={error(field)}
      autoComplete="off"
    />
  );
  return (
    <SectionCard title={t('campaigns.audience.title')} description={t('campaigns.audience.description')}>
      <FormLayout>
        <FormLayout.Group condensed>
          <ChoiceList
            title={t('campaigns.audience.tiers')}
            allowMultiple
            choices={tiers.map((tier) => ({ label: tier.name, value: tier.id, id: `campaign-tier-${tier.id}` }))}
            selected={form.tierIds}
            onChange={(selected) => state.set('tierIds', selected, 'audience.tierIds')}
            error={tierError}
          />
          <Select
            id="campaign-minimum-tier"
            label={t('campaigns.audience.minimumTier')}
            helpText={t('campaigns.audience.tiersHelp')}
            options={[{ label: t('campaigns.audience.anyTier'), value: '' }, ...tiers.map((tier) => ({ label: tier.name, value: tier.id }))]}
            value={form.minimumTierId}
            onChange={(value) => state.set('minimumTierId', value, 'audience.minimumTierId')}
            error={error('minimumTierId')}
          />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          {number('minimumOrders')}
          <TextField
            id="campaign-joined-before"
            label={t('campaigns.audience.joinedBefore')}
            type="date"
            value={form.joinedBefore}
            onChange={(value) => state.set('joinedBefore', value, 'audience.joinedBefore')}
            error={error('joinedBefore')}
            autoComplete="off"
          />
          {number('memberForDays')}
        </FormLayout.Group>
        <FormLayout.Group condensed>
          {number('orderedWithinDays')}
          {number('notGiftedWithinDays')}
        </FormLayout.Group>
      </FormLayout>
    </SectionCard>
  );
}
