/**
 * The perk editor's reward choices (pure, no imports: the unit test in web/test/browser imports it under NodeNext).
 * A reward whose free product was deleted in the shop (`productMissingAt`) issues no code: the picker marks it and the
 * perk naming it gets a warning.
 */

/** What the picker needs of a reward of `GET /api/tier-perks`. */
export interface PerkRewardChoice {
  id: string;
  name: string;
  active: boolean;
  productMissingAt: string | null;
}

/** The locale keys a reward's option label may use (each with `{name}`). */
export type RewardLabelKey = 'perks.inactiveReward' | 'perks.productMissingReward';

/**
 * The option label of `reward`: its name, marked when its product was deleted (such a reward is also switched off,
 * and the deletion is what the merchant must fix) or else when it is not in the catalog (a perk-only reward).
 */
export function rewardOptionLabel(reward: PerkRewardChoice, t: (key: RewardLabelKey, vars: { name: string }) => string): string {
  if (reward.productMissingAt) return t('perks.productMissingReward', { name: reward.name });
  return reward.active ? reward.name : t('perks.inactiveReward', { name: reward.name });
}

/** The reward `rewardId` names when its product was deleted in the shop; null for no reward or one that can be issued. */
export function rewardWithMissingProduct<R extends PerkRewardChoice>(rewardId: string | null, rewards: readonly R[]): R | null {
  if (rewardId === null) return null;
  const reward = rewards.find((candidate) => candidate.id === rewardId);
  return reward?.productMissingAt ? reward : null;
}

/** The DOM id of a saved reward's row in the program page's Rewards section, for pointing the merchant at it. */
export function rewardRowAnchor(rewardId: string): string {
  return `program-reward-${rewardId}`;
}
