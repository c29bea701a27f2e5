import type { FailureFieldsOf, IssueFailureCode } from './failures.js';
import type { RewardKind } from './program.js';

/** A tier with its perk (a tier without one: no reward, active). */
export interface TierPerk {
  tierId: string;
  tierName: string;
  threshold: number;
  /** The reward granted every month; null = no perk. */
  rewardId: string | null;
  active: boolean;
}

/** A reward a perk may name: every reward of the shop, also one inactive in the catalog (a perk-only reward). */
export interface PerkRewardOption {
  id: string;
  name: string;
  kind: RewardKind;
  active: boolean;
  /** free_product: when the app learned its product was deleted in the shop (ISO time); such a reward issues no code. */
  productMissingAt: string | null;
}

/** `GET|PUT /api/tier-perks` answer. */
export interface TierPerks {
  /** What the next save sends back (`Versioned`): a save of the perks or of the program in between answers 409. */
  version: number;
  perks: TierPerk[];
  rewards: PerkRewardOption[];
}

export interface TierPerkInput {
  tierId: string;
  rewardId: string | null;
  active: boolean;
}

/** `PUT /api/tier-perks` (as `Versioned<TierPerksBody>`): each tier at most once. */
export interface TierPerksBody {
  perks: TierPerkInput[];
}

export type PerkGrantStatus = 'pending' | 'issued' | 'failed';

/** Why a perk code could not be issued (yet): the codes of handing a reward over (failures.ts). */
export type PerkGrantFailureCode = IssueFailureCode;

/**
 * A perk code a member was granted. The failure fields say why a failed grant failed, or why a pending one waits for
 * its next attempt; an issued grant has none.
 */
export interface PerkGrant extends FailureFieldsOf<PerkGrantFailureCode> {
  id: string;
  /** `YYYY-MM` in the shop's timezone. */
  periodKey: string;
  /** Null once the perk's tier is gone. */
  tierName: string | null;
  rewardName: string;
  code: string;
  status: PerkGrantStatus;
  expiresAt: string;
  createdAt: string;
}

/** `GET /api/customers/:customerId/perk-grants`: newest first. */
export interface PerkGrantList {
  grants: PerkGrant[];
}
