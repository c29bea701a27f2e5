import type { ProgramSettings } from '../api/types';
import { decimalSeparatorOf } from '../i18n/number-input';
import { newReward, newTier, toForm, toPayload, type ProgramForm, type RewardRow, type TierRow } from '../program/form';
import { useApi } from './useApi';
import { useI18n } from './useI18n';
import { useResource } from './useResource';
import { useSettingsForm } from './useSettingsForm';

/** The version of the settings the form was loaded from (they always load before the form exists). */
function versionOf(saved: ProgramSettings | null): number {
  if (!saved) throw new Error('the program settings have not loaded');
  return saved.version;
}

/** Loads the program settings into an editable form; saves them and maps a 422's field errors back to the fields. */
export function useProgramForm(onSaved: () => void) {
  const api = useApi();
  const { locale } = useI18n();
  const separator = decimalSeparatorOf(locale);
  const settings = useResource((signal) => api.programSettings(signal), []);
  const editor = useSettingsForm<ProgramSettings, ProgramForm>({
    loaded: settings.data,
    toForm: (saved) => toForm(saved, separator),
    toPayload: (form) => toPayload(form, separator),
    // The version the form was loaded at: a save by someone else since then is refused (409), not undone.
    submit: (form, saved) => api.saveProgramSettings(toPayload(form, separator), versionOf(saved)),
    onSaved,
    reload: settings.reload,
  });
  const { update, reshape } = editor;

  return {
    ...editor,
    settings,
    setEarning(field: 'pointsPerCurrencyUnit' | 'pointValue' | 'awardOn' | 'approvalDays', value: string) {
      update(`earning.${field}`, (f) => ({ ...f, [field]: value }));
    },
    /** '' for never. */
    setPointsExpiry(months: string) {
      update('pointsExpireAfterMonths', (f) => ({ ...f, pointsExpireAfterMonths: months }));
    },
    setTier(index: number, field: keyof Omit<TierRow, 'key' | 'id'>, value: string) {
      update(`tiers.${index}.${field}`, (f) => ({ ...f, tiers: f.tiers.map((row, i) => (i === index ? { ...row, [field]: value } : row)) }));
    },
    addTier: () => reshape((f) => ({ ...f, tiers: [...f.tiers, newTier()] })),
    removeTier: (index: number) => reshape((f) => ({ ...f, tiers: f.tiers.filter((_, i) => i !== index) })),
    setReward<K extends keyof Omit<RewardRow, 'key' | 'id'>>(index: number, field: K, value: RewardRow[K]) {
      update(`rewards.${index}.${field}`, (f) => ({ ...f, rewards: f.rewards.map((row, i) => (i === index ? { ...row, [field]: value } : row)) }));
    },
    addReward: () => reshape((f) => ({ ...f, rewards: [...f.rewards, newReward()] })),
    removeNewReward: (index: number) => reshape((f) => ({ ...f, rewards: f.rewards.filter((row, i) => i !== index || row.id !== undefined) })),
  };
}

export type ProgramFormState = ReturnType<typeof useProgramForm>;
