/**
 * The default program of a new shop (CONTRACT.md, "The default program of a new shop"), as pure data.
 * Names follow the shop's primary locale; German shops get German names, every other locale English.
 */
export type RewardKind = 'free_shipping' | 'percentage_off' | 'amount_off' | 'free_product';

export interface DefaultTier {
  key: string;
  threshold: number;
  /** Decimal string, kept exact. */
  multiplier: string;
  names: LocalizedName;
}

export interface DefaultReward {
  key: string;
  kind: RewardKind;
  cost: number;
  /** Decimal string or null. */
  value: string | null;
  validityDays: number;
  names: LocalizedName;
}

export type ProgramLocale = 'en' | 'de';
type LocalizedName = Record<ProgramLocale, string>;

export const DEFAULT_POINTS_PER_CURRENCY_UNIT = '1';

export const DEFAULT_TIERS: readonly DefaultTier[] = [
  { key: 'bronze', threshold: 0, multiplier: '1', names: { en: 'Bronze', de: 'Bronze' } },
  { key: 'silver', threshold: 500, multiplier: '1.25', names: { en: 'Silver', de: 'Silber' } },
  { key: 'gold', threshold: 2000, multiplier: '1.5', names: { en: 'Gold', de: 'Gold' } },
];

export const DEFAULT_REWARDS: readonly DefaultReward[] = [
  {
    key: 'free_shipping',
    kind: 'free_shipping',
    cost: 300,
    value: null,
    validityDays: 90,
    names: { en: 'Free shipping', de: 'Kostenloser Versand' },
  },
  {
    key: 'ten_percent_off',
    kind: 'percentage_off',
    cost: 500,
    value: '0.1',
    validityDays: 90,
    names: { en: '10% off', de: '10 % Rabatt' },
  },
];

/** Maps a shop locale (`de`, `de-AT`, `de-CH`, `en-US`, ...) to the locale the program's names are written in. */
export function programLocaleFor(shopLocale: string | null | undefined): ProgramLocale {
  return shopLocale?.toLowerCase().split(/[-_]/)[0] === 'de' ? 'de' : 'en';
}
