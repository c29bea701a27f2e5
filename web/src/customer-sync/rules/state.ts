import { nextTierFor } from '../../loyalty/rules/tiers.js';
import type { TierRecord } from '../../program/repository.js';
import { tierTag } from './tags.js';

/** What the platform's customer should show of a member. */
export interface CustomerState {
  /** null only for a member without a tier (a shop without tiers). */
  tierTag: string | null;
  tierName: string | null;
  points: number;
  /** Qualifying points still missing to the next tier; 0 at the top tier (nothing left to reach). */
  pointsToNextTier: number;
}

/** The member's fields the state is made of. */
export interface MemberFigures {
  points: number;
  qualifyingPoints: number;
  tierId: number | null;
}

/**
 * The state of a member: their stored tier (what the points engine settled, as the admin shows it), their balance,
 * and the progress to the next tier as the storefront's `nextTier.pointsNeeded` counts it. Null when the member's
 * tier is not among `tiers`: the tiers were read before a program save that made it, and planning with them would
 * strip the member's tier tag as "no tier".
 */
export function customerStateOf(member: MemberFigures, tiers: readonly TierRecord[]): CustomerState | null {
  const tier = tiers.find((t) => t.id === member.tierId) ?? null;
  if (member.tierId !== null && !tier) return null;
  return {
    tierTag: tier ? tierTag(tier) : null,
    tierName: tier?.name ?? null,
    points: member.points,
    pointsToNextTier: nextTierFor(member.qualifyingPoints, tiers)?.pointsNeeded ?? 0,
  };
}
