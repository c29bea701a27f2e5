import type { Db, Tx } from '../db/client.js';
import type { LedgerReason } from '../loyalty/ledger/repository.js';
import { ensureMember } from '../loyalty/members/repository.js';

/** Tests only: the ledger of members whose activity lies at chosen times (appendLedgerEntry books at the clock's now). */

const DAY = 86_400_000;
export const days = (n: number): number => n * DAY;

let serial = 0;

/**
 * Books an entry at `at` as appendLedgerEntry would have booked it then: the member's balance moves by `delta` in the
 * same statement, the entry records the balance it left. The entry's key is unique per call.
 */
export async function bookAt(db: Db | Tx, shopId: number, memberId: number, delta: number, reason: LedgerReason, at: Date): Promise<void> {
  serial += 1;
  await db.$executeRaw`
    WITH moved AS (UPDATE members SET points = points + ${delta} WHERE id = ${memberId} RETURNING points)
    INSERT INTO ledger_entries (shop_id, member_id, delta, reason, idempotency_key, balance_after, created_at)
    SELECT ${shopId}, ${memberId}, ${delta}, ${reason}::ledger_reason, ${`test:${memberId}:${serial}`}, moved.points,
      ${at.toISOString()}::timestamp
    FROM moved`;
}

/** A member of the shop who joined at `joinedAt`, with no entries yet. */
export async function memberSince(db: Db, shopId: number, customerId: string, joinedAt: Date): Promise<number> {
  const id = await ensureMember(db, shopId, customerId);
  await db.member.update({ where: { id }, data: { createdAt: joinedAt } });
  return id;
}

/** The shop's program lets points expire after `months` (null: never); the shop counts as installed. */
export async function expireAfter(db: Db, shopId: number, months: number | null, timezone = 'Europe/Berlin'): Promise<void> {
  await db.shop.update({ where: { id: shopId }, data: { installedAt: new Date(), uninstalledAt: null, timezone } });
  await db.program.update({ where: { shopId }, data: { pointsExpireAfterMonths: months } });
}
