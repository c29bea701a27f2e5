/** A tier as the rules see it. Tiers are given ascending by threshold; the first is the lowest. */
export interface TierRule {
  id: number;
  name: string;
  threshold: number;
  /** Exact decimal string. */
  multiplier: string;
}

/** What earning needs of a tier; an order keeps these as they were when it was first paid. */
export type TierThreshold = Pick<TierRule, 'threshold' | 'multiplier'>;

/** The tier held with `qualifyingPoints`: the highest whose threshold is reached, else the lowest. */
export function tierFor<T extends TierThreshold>(qualifyingPoints: number, tiers: readonly T[]): T | null {
  let held: T | null = tiers[0] ?? null;
  for (const tier of tiers) {
    if (tier.threshold <= qualifyingPoints) held = tier;
  }
  return held;
}

/** The next tier above the one held, with the qualifying points still missing to reach it. */
export function nextTierFor<T extends TierRule>(
  qualifyingPoints: number,
  tiers: readonly T[],
): { tier: T; pointsNeeded: number } | null {
  const next = tiers.find((t) => t.threshold > qualifyingPoints);
  return next ? { tier: next, pointsNeeded: next.threshold - qualifyingPoints } : null;
}
