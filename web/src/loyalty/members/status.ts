import type { Db } from '../../db/client.js';
import { isDataException } from '../../db/errors.js';
import { prismaSqlClient } from '../../db/sql-client.js';
import type { TierRecord } from '../../program/repository.js';
import type { ShopRecord } from '../../shops/repository.js';
import { nextTierFor, tierFor } from '../rules/tiers.js';
import { findMemberState, lockMemberState, postponeRecheck } from './repository.js';
import { settleMembers } from './settle.js';
import { memberTransaction } from './transaction.js';

export interface MemberStatus {
  /** null for a customer the app has not met (nothing is created by asking). */
  memberId: number | null;
  customerId: string;
  /** The balance; may be negative. */
  points: number;
  qualifyingPoints: number;
  /** Points not spendable yet (approval period, awaiting fulfilment). */
  pendingPoints: number;
  tier: TierRecord | null;
  nextTier: { tier: TierRecord; pointsNeeded: number } | null;
}

/**
 * Settles the member if their tier is due for a recheck (qualifying points left the window) and not settled since.
 * True when it settled.
 */
async function settleIfDue(db: Db, memberId: number, now: Date): Promise<boolean> {
  return memberTransaction(db, async (tx) => {
    const member = await lockMemberState(tx, memberId);
    const due = member?.tierRecheckAt;
    if (!member || !due || due.getTime() > now.getTime()) return false;
    await settleMembers(prismaSqlClient(tx), member.shopId, [member.customerId], now);
    return true;
  });
}

/**
 * A customer's points, qualifying points, tier and next tier as of `now`. An unknown customer reads as 0 points in
 * the lowest tier. One query, plus a settle and a second read when the tier was due for a recheck.
 */
export async function getMemberStatus(
  db: Db,
  shop: ShopRecord,
  customerId: string,
  now = new Date(),
): Promise<MemberStatus> {
  let { member, tiers } = await findMemberState(db, shop.id, customerId);
  if (member?.tierRecheckAt && member.tierRecheckAt.getTime() <= now.getTime()) {
    // A settle that can never succeed (a balance beyond int4) leaves the status as it stands; the tier recheck job
    // reports it. Any other failure is the request's.
    const settled = await settleIfDue(db, member.id, now).catch((error: unknown) => {
      if (isDataException(error)) return false;
      throw error;
    });
    if (settled) ({ member, tiers } = await findMemberState(db, shop.id, customerId));
  }
  const qualifyingPoints = member?.qualifyingPoints ?? 0;
  return {
    memberId: member?.id ?? null,
    customerId,
    points: member?.points ?? 0,
    qualifyingPoints,
    pendingPoints: member?.pendingPoints ?? 0,
    tier: tierFor(qualifyingPoints, tiers),
    nextTier: nextTierFor(qualifyingPoints, tiers),
  };
}

/** After a failed settle, how long a member's recheck waits, so that the members due after it are not held up. */
export const FAILED_RECHECK_RETRY_MS = 3_600_000;

/**
 * Settles members whose tier is due for a recheck (for a periodic job), oldest first, at most `limit`. A member
 * whose settle fails is reported to `onError` and rechecked again after `FAILED_RECHECK_RETRY_MS`: one member that
 * cannot be settled must not stop every other member's recheck. Returns how many it settled.
 */
export async function recheckDueTiers(
  db: Db,
  now = new Date(),
  limit = 500,
  onError: (memberId: number, error: unknown) => void = () => {},
): Promise<number> {
  const due = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM members WHERE tier_recheck_at <= ${now}::timestamp ORDER BY tier_recheck_at LIMIT ${limit}`;
  let settled = 0;
  for (const { id } of due) {
    try {
      if (await settleIfDue(db, id, now)) settled += 1;
    } catch (error) {
      onError(id, error);
      await postponeRecheck(db, id, new Date(now.getTime() + FAILED_RECHECK_RETRY_MS));
    }
  }
  return settled;
}
