import { FormLayout, Select, TextField } from '@shopify/polaris';
import type { CampaignForm } from '../../campaigns/form';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

/** How many of the audience receive the gift: a number of members or a share, drawn at random. */
export function RecipientsCard({ form, state }: { form: CampaignForm; state: CampaignFormState }) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('campaigns.recipients.title')} description={t('campaigns.recipients.help')}>
      <FormLayout>
        <FormLayout.Group condensed>
          <Select
            id="campaign-recipient-mode"
            label={t('campaigns.recipients.mode')}
            options={(['count', 'share'] as const).map((mode) => ({ value: mode, label: t(`campaigns.recipients.modes.${mode}`) }))}
            value={form.recipientMode}
            onChange={(value) => state.set('recipientMode', value as CampaignForm['recipientMode'], 'recipients.mode')}
            error={state.errors['recipients.mode']}
          />
          {form.recipientMode === 'count' ? (
            <TextField
              id="campaign-count"
              label={t('campaigns.recipients.count')}
              type="number"
              min={1}
              value={form.count}
              onChange={(value) => state.set('count', value, 'recipients.count')}
              error={state.errors['recipients.count']}
              autoComplete="off"
            />
          ) : (
            <TextField
              id="campaign-share"
              label={t('campaigns.recipients.share')}
              inputMode="decimal"
              suffix="%"
              value={form.sharePercent}
              onChange={(value) => state.set('sharePercent', value, 'recipients.share')}
              error={state.errors['recipients.share']}
              autoComplete="off"
            />
          )}
        </FormLayout.Group>
      </FormLayout>
    </SectionCard>
  );
}
