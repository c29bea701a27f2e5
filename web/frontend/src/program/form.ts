import type { AwardOn, Draft, NamesLocale, ProgramSettings, ProgramSettingsBody, RewardKind, RewardProduct } from '../api/types';
import { decimalTextOrText, numberOrText } from '../i18n/number-input';

/** The program editor's state: text fields hold what the merchant typed; the server validates on save. */
export interface TierRow {
  /** React key; stable across edits, also for rows not saved yet. */
  key: string;
  id?: string;
  name: string;
  /** The name in the program's other language ('' for none). */
  nameTranslation: string;
  threshold: string;
  multiplier: string;
}

export interface RewardRow {
  key: string;
  id?: string;
  name: string;
  /** The name in the program's other language ('' for none). */
  nameTranslation: string;
  kind: RewardKind;
  cost: string;
  value: string;
  active: boolean;
  /** free_product: the chosen variant's GID ('' for none) and what the picker shows of it. */
  productVariantId: string;
  product: RewardProduct | null;
  /** When its product was deleted in the shop (ISO time; the reward was switched off then); null otherwise. */
  productMissingAt: string | null;
  /** '' for no minimum. */
  minimumSubtotal: string;
  validityDays: string;
  combinesWithOtherDiscounts: boolean;
  /** A saved tier's id; '' for every member. */
  minimumTierId: string;
}

export interface ProgramForm {
  /** Read-only: the language the names are in; `nameTranslation` is in the other of German and English. */
  namesLocale: NamesLocale;
  pointsPerCurrencyUnit: string;
  pointValue: string;
  awardOn: AwardOn;
  approvalDays: string;
  /** Months without activity after which points expire; '' for never. */
  pointsExpireAfterMonths: string;
  tiers: TierRow[];
  rewards: RewardRow[];
}

/** The expiry periods the editor offers (the server takes any 3..36; a stored other one is offered too). */
export const EXPIRY_MONTH_CHOICES = [3, 6, 9, 12, 18, 24, 36] as const;

let nextKey = 0;
export const rowKey = (): string => `row-${++nextKey}`;

/** Kinds whose reward has a `value` (percentage_off: a fraction; amount_off: money). */
export const hasValue = (kind: RewardKind): boolean => kind === 'percentage_off' || kind === 'amount_off';

/** A decimal as the merchant writes it: `1,25` in German, `1.25` in English. */
function decimalText(value: number | string, separator: string): string {
  return String(value).replace('.', separator);
}

export function toForm(settings: ProgramSettings, decimalSeparator = '.'): ProgramForm {
  const decimal = (value: number | string) => decimalText(value, decimalSeparator);
  return {
    namesLocale: settings.namesLocale,
    pointsPerCurrencyUnit: decimal(settings.earning.pointsPerCurrencyUnit),
    pointValue: decimal(settings.earning.pointValue),
    awardOn: settings.earning.awardOn,
    approvalDays: String(settings.earning.approvalDays),
    pointsExpireAfterMonths: settings.pointsExpireAfterMonths === null ? '' : String(settings.pointsExpireAfterMonths),
    tiers: settings.tiers.map((tier) => ({
      key: rowKey(),
      id: tier.id,
      name: tier.name,
      nameTranslation: tier.nameTranslation ?? '',
      threshold: String(tier.threshold),
      multiplier: decimal(tier.multiplier),
    })),
    rewards: settings.rewards.map((reward) => ({
      key: rowKey(),
      id: reward.id,
      name: reward.name,
      nameTranslation: reward.nameTranslation ?? '',
      kind: reward.kind,
      cost: String(reward.cost),
      value: reward.value === null ? '' : decimal(reward.value),
      active: reward.active,
      productVariantId: reward.productVariantId ?? '',
      product: reward.product ?? null,
      productMissingAt: reward.productMissingAt ?? null,
      minimumSubtotal: reward.minimumSubtotal === null ? '' : decimal(reward.minimumSubtotal),
      validityDays: String(reward.validityDays),
      combinesWithOtherDiscounts: reward.combinesWithOtherDiscounts,
      minimumTierId: reward.minimumTierId ?? '',
    })),
  };
}

export const newTier = (): TierRow => ({ key: rowKey(), name: '', nameTranslation: '', threshold: '', multiplier: '1' });

export const newReward = (): RewardRow => ({
  key: rowKey(),
  name: '',
  nameTranslation: '',
  kind: 'amount_off',
  cost: '',
  value: '',
  active: true,
  productVariantId: '',
  product: null,
  productMissingAt: null,
  minimumSubtotal: '',
  validityDays: '90',
  combinesWithOtherDiscounts: true,
  minimumTierId: '',
});

/**
 * The `PUT /api/program/settings` body; array positions match the form's rows, so field error paths do too. Numbers
 * are read in the merchant's language (`decimalSeparator`: `,` in German, where `.` groups thousands).
 */
export function toPayload(form: ProgramForm, decimalSeparator = '.'): Draft<ProgramSettingsBody> {
  const number = (text: string) => numberOrText(text, decimalSeparator);
  const exactDecimal = (text: string) => decimalTextOrText(text, decimalSeparator);
  // A type="number" field holds the browser's own form (`1.5`) in every language.
  const numberField = (text: string) => numberOrText(text, '.');
  return {
    earning: {
      pointsPerCurrencyUnit: number(form.pointsPerCurrencyUnit),
      pointValue: exactDecimal(form.pointValue),
      awardOn: form.awardOn,
      approvalDays: number(form.approvalDays),
    },
    pointsExpireAfterMonths: form.pointsExpireAfterMonths === '' ? null : Number(form.pointsExpireAfterMonths),
    tiers: form.tiers.map((tier) => ({
      ...(tier.id ? { id: tier.id } : {}),
      name: tier.name.trim(),
      // Blank clears it (the server stores none).
      nameTranslation: tier.nameTranslation.trim() || null,
      threshold: numberField(tier.threshold),
      multiplier: number(tier.multiplier),
    })),
    rewards: form.rewards.map((reward) => ({
      ...(reward.id ? { id: reward.id } : {}),
      name: reward.name.trim(),
      nameTranslation: reward.nameTranslation.trim() || null,
      kind: reward.kind,
      cost: numberField(reward.cost),
      value: hasValue(reward.kind) ? number(reward.value) : null,
      active: reward.active,
      minimumSubtotal: reward.minimumSubtotal.trim() === '' ? null : exactDecimal(reward.minimumSubtotal),
      validityDays: numberField(reward.validityDays),
      combinesWithOtherDiscounts: reward.combinesWithOtherDiscounts,
      minimumTierId: reward.minimumTierId || null,
      productVariantId: reward.kind === 'free_product' ? reward.productVariantId || null : null,
    })),
  };
}

/** Field paths the editor shows next to an input; errors on other paths (e.g. `tiers` as a whole) go to the banner. */
const FIELD_PATH = /^(earning\.(pointsPerCurrencyUnit|pointValue|awardOn|approvalDays)|pointsExpireAfterMonths|tiers\.\d+\.(name|nameTranslation|threshold|multiplier)|rewards\.\d+\.(name|nameTranslation|kind|cost|value|active|productVariantId|minimumSubtotal|validityDays|combinesWithOtherDiscounts|minimumTierId))$/;

/** What an error off the fields is about: a list (`tiers`), a row (`tiers.1.id` → row 1) or nothing we can name. */
export type ErrorSubject = { list: 'tiers' | 'rewards'; row: number | null } | null;

const SUBJECT = /^(tiers|rewards)(?:\.(\d+))?(?:\.|$)/;

/** The server's errors (already in the merchant's language) that no field shows, with what each is about. */
export function unplacedErrors(fieldErrors: Readonly<Record<string, string>>): { subject: ErrorSubject; message: string }[] {
  return Object.entries(fieldErrors)
    .filter(([path]) => !FIELD_PATH.test(path))
    .map(([path, message]) => {
      const match = SUBJECT.exec(path);
      const subject = match ? { list: match[1] as 'tiers' | 'rewards', row: match[2] === undefined ? null : Number(match[2]) } : null;
      return { subject, message };
    });
}
