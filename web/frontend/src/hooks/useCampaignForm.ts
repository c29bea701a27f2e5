import { useMemo } from 'react';
import { newIdempotencyKey } from '../api/idempotency';
import { newCampaignForm, toForm, toPayload, type CampaignForm } from '../campaigns/form';
import type { CampaignDetail } from '../campaigns/types';
import { decimalSeparatorOf } from '../i18n/number-input';
import { useApi } from './useApi';
import { useI18n } from './useI18n';
import { useResource } from './useResource';
import { useSettingsForm } from './useSettingsForm';
import { useShop } from './useShop';

/**
 * Loads a campaign (or starts a new one) into an editable form with what its choices need (the shop's tiers and
 * rewards); saves it and maps a 422's field errors back to the fields.
 */
export function useCampaignForm(campaignId: string | null, onSaved: (campaign: CampaignDetail, created: boolean) => void) {
  const api = useApi();
  const { locale } = useI18n();
  const separator = decimalSeparatorOf(locale);
  const { timezone } = useShop();
  const campaign = useResource((signal) => (campaignId ? api.campaign(campaignId, signal) : Promise.resolve(null)), [campaignId]);
  const program = useResource((signal) => api.programSettings(signal), []);
  // One key per new-campaign form: a submit repeated after a lost answer (or from a second click) creates one campaign.
  const createKey = useMemo(() => newIdempotencyKey(), [campaignId]);
  const editor = useSettingsForm<CampaignDetail, CampaignForm>({
    loaded: campaign.data,
    toForm: (saved) => toForm(saved, timezone, separator),
    toPayload: (form) => toPayload(form, separator),
    // A saved campaign goes back with the version it was loaded at: a save by someone else since then is refused (409).
    submit: (form, saved) =>
      saved ? api.saveCampaign(saved.id, toPayload(form, separator), saved.version) : api.createCampaign(toPayload(form, separator), createKey),
    onSaved,
    reload: campaign.reload,
    // An existing campaign has no form until it has loaded.
    blank: campaignId ? null : newCampaignForm(timezone),
  });
  const { update } = editor;

  return {
    ...editor,
    campaign,
    program,
    /** Sets a field; the server's error on `errorPath` (default: none) no longer applies. */
    set<K extends keyof CampaignForm>(field: K, value: CampaignForm[K], errorPath?: string) {
      update(errorPath ?? null, (current) => ({ ...current, [field]: value }));
    },
  };
}

export type CampaignFormState = ReturnType<typeof useCampaignForm>;
