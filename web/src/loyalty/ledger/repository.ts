import type { Tx } from '../../db/client.js';
import type { LedgerReason } from '../../generated/prisma/enums.js';

export type { LedgerReason };

export interface LedgerEntryInput {
  shopId: number;
  memberId: number;
  /** Points added (positive) or taken (negative). */
  delta: number;
  reason: LedgerReason;
  /** What caused it: an order, refund or redemption id. */
  sourceId?: string | null;
  /** Unique per shop; a second entry with the same key changes nothing. */
  idempotencyKey: string;
  note?: string | null;
  /** The staff user behind a manual adjustment. */
  actor?: string | null;
  /**
   * When true the entry is refused if it would leave the balance below zero (spending points).
   * Earning corrections may take a balance below zero (CONTRACT.md).
   * @defaultValue false
   */
  requireSufficientBalance?: boolean;
}

export type LedgerAppendResult =
  | { status: 'applied'; balance: number; entryId: bigint }
  | { status: 'duplicate' }
  | { status: 'insufficient'; balance: number };

/**
 * Appends a ledger entry and moves the member's balance by its delta in one statement: the balance is
 * never read and written back, so concurrent entries cannot lose each other. The entry records the balance
 * it left. The unique (shop, idempotency key) index is the last word on duplicates: two transactions racing
 * with the same key end with one applied and the other failing with a unique violation (its transaction
 * rolls back whole, so nothing is counted twice).
 */
export async function appendLedgerEntry(tx: Tx, entry: LedgerEntryInput): Promise<LedgerAppendResult> {
  const requireBalance = entry.requireSufficientBalance ?? false;
  const rows = await tx.$queryRaw<{ id: bigint; balance_after: number }[]>`
    WITH moved AS (
      UPDATE members SET points = points + ${entry.delta}, updated_at = now()
      WHERE id = ${entry.memberId} AND shop_id = ${entry.shopId}
        AND (${!requireBalance} OR points + ${entry.delta} >= 0)
        AND NOT EXISTS (
          SELECT 1 FROM ledger_entries
          WHERE shop_id = ${entry.shopId} AND idempotency_key = ${entry.idempotencyKey})
      RETURNING points
    )
    INSERT INTO ledger_entries
      (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, note, actor)
    SELECT ${entry.shopId}, ${entry.memberId}, ${entry.delta}, ${entry.reason}::ledger_reason,
           ${entry.sourceId ?? null}, ${entry.idempotencyKey}, moved.points, ${entry.note ?? null},
           ${entry.actor ?? null}
    FROM moved
    RETURNING id, balance_after`;
  const row = rows[0];
  if (row) return { status: 'applied', balance: row.balance_after, entryId: row.id };

  const existing = await tx.ledgerEntry.findUnique({
    where: { shopId_idempotencyKey: { shopId: entry.shopId, idempotencyKey: entry.idempotencyKey } },
    select: { id: true },
  });
  if (existing) return { status: 'duplicate' };
  const member = await tx.member.findFirst({
    where: { id: entry.memberId, shopId: entry.shopId },
    select: { points: true },
  });
  if (!member) throw new Error(`member ${entry.memberId} does not belong to shop ${entry.shopId}`);
  return { status: 'insufficient', balance: member.points };
}

/** True when `error` is Postgres' unique violation (a concurrent duplicate); the caller retries its unit. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return e?.code === 'P2002' || e?.code === '23505' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505';
}
