import { issueBlocker, type IssuableReward, type IssueBlocker } from '../../rewards/issuable.js';
import { offeredPerk, type PerkRule } from './eligibility.js';

/** A perk that grants (active, naming a reward). */
export type OfferedPerk = PerkRule & { rewardId: number };

/** A perk that would grant but whose reward cannot be issued now, and why. */
export interface BlockedPerk {
  perk: OfferedPerk;
  blocker: IssueBlocker;
}

/**
 * What keeps a perk's reward from being issued, or null when it can be. A reward the shop's program does not list
 * (another shop's, or read before it was created) counts as not configured. Pure.
 */
export function perkRewardBlocker(reward: IssuableReward | undefined): IssueBlocker | null {
  return reward ? issueBlocker(reward) : 'not_configured';
}

/**
 * The shop's perks that grant, split by whether their reward can be issued now. A blocked perk gets no grant rows:
 * a row would only fail at once, and, the member's grant of the month then existing, keep them from the perk after
 * the merchant fixes the reward (the renewal grants everyone without a grant of the month). Pure.
 */
export function splitGrantablePerks(
  perks: readonly PerkRule[],
  rewards: ReadonlyMap<number, IssuableReward>,
): { grantable: OfferedPerk[]; blocked: BlockedPerk[] } {
  const grantable: OfferedPerk[] = [];
  const blocked: BlockedPerk[] = [];
  for (const rule of perks) {
    const perk = offeredPerk(rule.tierId, [rule]);
    if (!perk) continue;
    const blocker = perkRewardBlocker(rewards.get(perk.rewardId));
    if (blocker) blocked.push({ perk, blocker });
    else grantable.push(perk);
  }
  return { grantable, blocked };
}
