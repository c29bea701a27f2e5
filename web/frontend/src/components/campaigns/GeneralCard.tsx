import { Checkbox, FormLayout, TextField } from '@shopify/polaris';
import type { CampaignForm } from '../../campaigns/form';
import type { CampaignFormState } from '../../hooks/useCampaignForm';
import { useI18n } from '../../hooks/useI18n';
import { SectionCard } from '../shell/SectionCard';

/** The campaign's name and whether it runs on its schedule. */
export function GeneralCard({ form, state }: { form: CampaignForm; state: CampaignFormState }) {
  const { t } = useI18n();
  return (
    <SectionCard title={t('campaigns.general.title')}>
      <FormLayout>
        <TextField
          id="campaign-name"
          label={t('campaigns.general.name')}
          value={form.name}
          onChange={(value) => state.set('name', value, 'name')}
          error={state.errors.name}
          maxLength={100}
          autoComplete="off"
        />
        <Checkbox
          id="campaign-active"
          label={t('campaigns.general.active')}
          helpText={t('campaigns.general.activeHelp')}
          checked={form.active}
          onChange={(checked) => state.set('active', checked, 'active')}
        />
      </FormLayout>
    </SectionCard>
  );
}
