/** `/api/tier-perks` and a customer's perk grants (web/src/admin-api/dto/tier-perks.ts). */

export type PerkRewardKind = 'free_shipping' | 'percentage_off' | 'amount_off' | 'free_product';

export interface TierPerk {
  tierId: string;
  tierName: string;
  threshold: number;
  /** The reward granted every month; null = no perk. */
  rewardId: string | null;
  active: boolean;
}

export interface TierPerks {
  perks: TierPerk[];
  /** Every reward of the shop, also those inactive in the catalog (a perk-only reward). */
  rewards: {
    id: string;
    name: string;
    kind: PerkRewardKind;
    active: boolean;
    /** free_product: when the app learned its product was deleted in the shop (ISO time); such a reward issues no code. */
    productMissingAt: string | null;
  }[];
}

export interface TierPerkInput {
  tierId: string;
  rewardId: string | null;
  active: boolean;
}

export interface PerkGrant {
  id: string;
  /** `YYYY-MM` in the shop's timezone. */
  periodKey: string;
  tierName: string | null;
  rewardName: string;
  code: string;
  status: 'pending' | 'issued' | 'failed';
  expiresAt: string;
  createdAt: string;
}
