import type { Db } from '../db/client.js';
import type { IssueBlocker } from '../rewards/issuable.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import type { DomainCode } from '../validation/messages.js';
import { findTierPerks, lockPerkIds, writeTierPerks, type TierPerkSetting, type TierPerksRecord } from './settings-repository.js';
import { perkRewardRefusal } from './settings-reward.js';

/** The message of a refused perk reward says why: a deleted product wants another product, not a configuration fix. */
const REFUSAL_ISSUE: Record<IssueBlocker, DomainCode> = {
  not_configured: 'perk_reward_not_issuable',
  product_missing: 'perk_reward_product_missing',
};

export type SaveTierPerksResult = { ok: true; perks: TierPerksRecord } | Invalid | { ok: false; conflict: true };

/**
 * Saves the tier perks editor's settings (already valid on their own; each tier at most once), read at `version`:
 * refuses them when the perks or the program were saved since (`conflict`: the version moved on; nothing is written;
 * a stale editor would take the perk off a tier added meanwhile), checks the tier and reward ids against the shop's,
 * under the program's lock, then writes every tier's perk. A perk may name a reward
 * that is inactive in the catalog (a reward only for perks, not for points), but not one that cannot be issued (a free
 * product without its variant, or whose product was deleted in the shop), unless the perk is saved unchanged and only
 * its product is gone (perkRewardRefusal).
 */
export async function saveTierPerks(db: Db, shopId: number, version: number, settings: readonly TierPerkSetting[]): Promise<SaveTierPerksResult> {
  return db.$transaction(async (tx): Promise<SaveTierPerksResult> => {
    const { version: storedVersion, tierIds, rewards } = await lockPerkIds(tx, shopId);
    if (storedVersion !== version) return { ok: false, conflict: true };
    // The perks as stored, read under the same lock: what "saved unchanged" compares with.
    const stored = new Map((await findTierPerks(tx, shopId)).perks.map((p) => [p.tierId, p]));
    const issues: FieldIssues = {};
    settings.forEach((s, i) => {
      if (!tierIds.has(s.tierId)) issues[`perks.${i}.tierId`] = domainIssue('unknown_tier');
      if (s.rewardId === null) return;
      const reward = rewards.get(s.rewardId);
      const refusal = reward && perkRewardRefusal(s, reward, stored.get(s.tierId));
      if (!reward) issues[`perks.${i}.rewardId`] = domainIssue('unknown_reward');
      else if (refusal) issues[`perks.${i}.rewardId`] = domainIssue(REFUSAL_ISSUE[refusal]);
    });
    if (Object.keys(issues).length > 0) return { ok: false, issues };
    await writeTierPerks(tx, shopId, tierIds, settings);
    return { ok: true, perks: await findTierPerks(tx, shopId) };
  });
}
