import type { RewardRecord, TierRecord } from '../program/repository.js';

/** The reward's minimum tier, if it has one the program still knows (the column is set null when a tier goes). */
export function minimumTierOf(reward: Pick<RewardRecord, 'minimumTierId'>, tiers: readonly TierRecord[]): TierRecord | null {
  return reward.minimumTierId === null ? null : (tiers.find((t) => t.id === reward.minimumTierId) ?? null);
}

/**
 * The tier a member must reach before they may redeem `reward`, when their tier does not (null when they may).
 * A reward restricted to a minimum tier is for members at that tier or above (by threshold); `memberTier` null
 * (logged out, or no tier known) reads as the lowest tier, which every new member holds. `tiers` ascending by
 * threshold. Pure.
 */
export function requiredTierFor(
  reward: Pick<RewardRecord, 'minimumTierId'>,
  tiers: readonly TierRecord[],
  memberTier: Pick<TierRecord, 'threshold'> | null,
): TierRecord | null {
  const minimum = minimumTierOf(reward, tiers);
  if (!minimum) return null;
  const held = memberTier ?? tiers[0];
  return held && held.threshold >= minimum.threshold ? null : minimum;
}
