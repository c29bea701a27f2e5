/** A tier's perk as the rules see it. */
export interface PerkRule {
  id: number;
  tierId: number;
  /** The reward granted; null when the merchant cleared it. */
  rewardId: number | null;
  active: boolean;
}

export type PerkEligibility =
  | { eligible: true; perk: PerkRule & { rewardId: number } }
  | { eligible: false; reason: 'no_tier' | 'no_perk' | 'perk_inactive' | 'no_reward' | 'already_granted' };

/**
 * Whether a member gets their tier's perk for a period: they hold a tier, it has an active perk naming a reward,
 * and the member has no grant of that perk for the period yet (a failed grant counts: it is not retried by
 * granting anew). Only the member's tier *now* counts: who dropped out of a tier before the grant gets nothing.
 */
export function perkEligibility(
  memberTierId: number | null,
  perks: readonly PerkRule[],
  alreadyGranted: (perkId: number) => boolean,
): PerkEligibility {
  if (memberTierId === null) return { eligible: false, reason: 'no_tier' };
  const perk = perks.find((p) => p.tierId === memberTierId);
  if (!perk) return { eligible: false, reason: 'no_perk' };
  if (!perk.active) return { eligible: false, reason: 'perk_inactive' };
  if (perk.rewardId === null) return { eligible: false, reason: 'no_reward' };
  if (alreadyGranted(perk.id)) return { eligible: false, reason: 'already_granted' };
  return { eligible: true, perk: { ...perk, rewardId: perk.rewardId } };
}

/** The perk a member of `tierId` is offered (what the storefront shows): active and naming a reward, else null. */
export function offeredPerk(tierId: number | null, perks: readonly PerkRule[]): (PerkRule & { rewardId: number }) | null {
  const result = perkEligibility(tierId, perks, () => false);
  return result.eligible ? result.perk : null;
}
