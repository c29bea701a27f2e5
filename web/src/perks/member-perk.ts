import type { Db } from '../db/client.js';
import { getMemberStatus } from '../loyalty/members/status.js';
import type { ProgramLocale } from '../program/default-program.js';
import { nameIn } from '../program/names.js';
import { findNamesLocale } from '../program/repository.js';
import type { IssueBlocker } from '../rewards/issuable.js';
import type { ShopRecord } from '../shops/repository.js';
import { findIssuedGrant, findPerkRules, findRewardSummary } from './repository.js';
import { offeredPerk } from './rules/eligibility.js';
import { perkRewardBlocker } from './rules/grantable.js';
import { periodKey } from './rules/period.js';

export interface MemberPerk {
  /**
   * The perk of the customer's tier: the reward granted every month, and why no code can be granted now (its product
   * deleted in the shop, or not configured), null while it can be; null when the tier has no perk.
   */
  perk: { rewardName: string; kind: string; unavailable: IssueBlocker | null } | null;
  /** This month's code of that perk, while it is valid; null before it is granted. */
  currentGrant: { code: string; expiresAt: Date } | null;
}

/**
 * The customer's monthly perk as the storefront shows it: their tier's (a customer the app has not met holds the
 * lowest tier, nothing is created for them) and this month's code, the month in the shop's timezone; the reward's
 * name in `language` (names.ts; as stored for none).
 */
export async function findMemberPerk(
  db: Db,
  shop: ShopRecord,
  customerId: string,
  now = new Date(),
  language: ProgramLocale | null = null,
): Promise<MemberPerk> {
  const status = await getMemberStatus(db, shop, customerId, now);
  const perk = offeredPerk(status.tier?.id ?? null, await findPerkRules(db, shop.id));
  const reward = perk && (await findRewardSummary(db, shop.id, perk.rewardId));
  if (!perk || !reward) return { perk: null, currentGrant: null };
  const grant = status.memberId === null ? null : await findIssuedGrant(db, perk.id, status.memberId, periodKey(now, shop.timezone), now);
  const rewardName = language === null ? reward.name : nameIn(reward, await findNamesLocale(db, shop.id), language);
  return { perk: { rewardName, kind: reward.kind, unavailable: perkRewardBlocker(reward.issuable) }, currentGrant: grant };
}
