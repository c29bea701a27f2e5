import { issueBlocker, type IssuableReward, type IssueBlocker } from '../rewards/issuable.js';
import type { TierPerkSetting } from './settings-repository.js';

/** A tier's perk as stored before the save (a tier without a perk row: no reward, active). */
export type StoredPerk = Pick<TierPerkSetting, 'rewardId' | 'active'>;

/**
 * Why the perk `setting` must be refused because its reward cannot be issued, or null when it may be saved: refused
 * now rather than failing every month at grant time, and the merchant is told the reason (a deleted product is
 * fixed by picking another one, a configuration in the rewards catalog). One exception: a perk that keeps its reward
 * (the same as `stored`, the same tier's perk) whose reward is blocked only because its product was deleted in the
 * shop is kept, saved unchanged or switched off. The editor saves every tier's perk at once, so refusing it would
 * keep the merchant from changing any other tier until they replaced the product, and switching it off is what a
 * merchant does about a perk that cannot be given (an inactive perk grants nothing). While blocked it gets no grants,
 * and the admin keeps warning. Choosing such a reward anew, or switching such a perk on, is refused as before. Pure.
 */
export function perkRewardRefusal(setting: TierPerkSetting, reward: IssuableReward, stored: StoredPerk | undefined): IssueBlocker | null {
  const blocker = issueBlocker(reward);
  if (blocker !== 'product_missing') return blocker;
  const keepsReward = stored !== undefined && stored.rewardId === setting.rewardId;
  const switchedOn = setting.active && !stored?.active;
  return !keepsReward || switchedOn ? blocker : null;
}
