import type { Tx } from '../../db/client.js';
import type { SqlClient } from '../../db/sql-client.js';
import { databaseErrorFacts } from '../../db/errors.js';
import { Prisma } from '../../generated/prisma/client.js';
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

export interface BatchLedgerEntry {
  memberId: number;
  delta: number;
  reason: LedgerReason;
  sourceId: string | null;
  idempotencyKey: string;
  /** @defaultValue null */
  note?: string | null;
}

/** A member's tier fields, written in the same update as their balance (a row is updated once per statement). */
export interface MemberTierFields {
  memberId: number;
  tierId: number | null;
  qualifyingPoints: number;
  pendingPoints: number;
  tierRecheckAt: Date | null;
  lastOrderAt: Date | null;
}

export interface AppendLedgerEntriesOptions {
  /** Tier fields of members to write in the same statement (members without entries included). */
  tierUpdates?: readonly MemberTierFields[];
  /**
   * More CTE definitions (`name AS (...)`, comma-separated) to run in the same statement, so state that belongs with
   * the entries (what the points engine booked) commits with them in one round trip.
   */
  alsoRun?: Prisma.Sql;
}

const isoOrNull = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Appends many ledger entries (for one or more members of a shop) in one statement, with the guarantees of
 * appendLedgerEntry: each member's balance moves by the sum of its new entries in the same statement (never read
 * and written back), every entry records the balance it left (in input order per member), and a key that already
 * exists changes nothing. For earning corrections (a balance may go below zero), not for spending.
 * Returns how many entries were applied.
 */
export async function appendLedgerEntries(
  sql: SqlClient,
  shopId: number,
  entries: readonly BatchLedgerEntry[],
  options: AppendLedgerEntriesOptions = {},
): Promise<number> {
  const seen = new Set<string>();
  const e = entries.filter((x) => !seen.has(x.idempotencyKey) && seen.add(x.idempotencyKey));
  const u = options.tierUpdates ?? [];
  if (e.length === 0 && u.length === 0 && !options.alsoRun) return 0;
  const rows = await sql.query<{ applied: number }>(Prisma.sql`
    WITH v AS (
      SELECT * FROM unnest(${e.map((x) => x.memberId)}::int[], ${e.map((x) => x.delta)}::int[],
        ${e.map((x) => x.reason)}::text[], ${e.map((x) => x.sourceId)}::text[], ${e.map((x) => x.idempotencyKey)}::text[],
        ${e.map((x) => x.note ?? null)}::text[])
        WITH ORDINALITY AS v(member_id, delta, reason, source_id, key, note, ord)
    ),
    -- Index probes per key and per member (LATERAL, ANY) whatever the statistics say: right after a burst into fresh
    -- tables (never analyzed) the planner guessed a handful of rows per shop and hashed the shop's whole ledger and
    -- member list for every batch.
    fresh AS (
      SELECT v.* FROM v
      LEFT JOIN LATERAL (SELECT 1 AS hit FROM ledger_entries le
        WHERE le.shop_id = ${shopId} AND le.idempotency_key = v.key LIMIT 1) dup ON true
      WHERE dup.hit IS NULL
    ),
    totals AS (SELECT member_id, sum(delta)::int AS total FROM fresh GROUP BY member_id),
    tier AS (
      SELECT * FROM unnest(${u.map((x) => x.memberId)}::int[], ${u.map((x) => x.tierId)}::int[],
        ${u.map((x) => x.qualifyingPoints)}::int[], ${u.map((x) => isoOrNull(x.tierRecheckAt))}::timestamp[],
        ${u.map((x) => isoOrNull(x.lastOrderAt))}::timestamp[], ${u.map((x) => x.pendingPoints)}::int[])
        AS u(member_id, tier_id, qualifying, recheck_at, last_order_at, pending)
    ),
    changes AS (
      SELECT COALESCE(t.member_id, tier.member_id) AS member_id, COALESCE(t.total, 0) AS total,
        tier.member_id IS NOT NULL AS set_tier, tier.tier_id, tier.qualifying, tier.recheck_at, tier.last_order_at, tier.pending
      FROM totals t FULL JOIN tier ON tier.member_id = t.member_id
    ),
    moved AS (
      UPDATE members mb SET points = mb.points + c.total,
        tier_id = CASE WHEN c.set_tier THEN c.tier_id ELSE mb.tier_id END,
        qualifying_points = CASE WHEN c.set_tier THEN c.qualifying ELSE mb.qualifying_points END,
        pending_points = CASE WHEN c.set_tier THEN c.pending ELSE mb.pending_points END,
        tier_recheck_at = CASE WHEN c.set_tier THEN c.recheck_at ELSE mb.tier_recheck_at END,
        last_order_at = CASE WHEN c.set_tier THEN c.last_order_at ELSE mb.last_order_at END,
        updated_at = now()
      -- shop_id + 0: a check, not an index condition (the shop's index would read every member version of the shop).
      FROM changes c WHERE mb.id = ANY(ARRAY(SELECT member_id FROM changes)) AND mb.id = c.member_id AND mb.shop_id + 0 = ${shopId}
      RETURNING mb.id, mb.points - c.total AS before
    ),
    -- Each moved member's balance before, as one lookup map: CTE scans estimate one row, so joining the entries to
    -- moved directly was a nested loop comparing every entry with every member. Materialized: built once, not per entry.
    balances AS MATERIALIZED (SELECT jsonb_object_agg(id::text, before) AS before FROM moved),
    appended AS (
      INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, note)
      SELECT ${shopId}, f.member_id, f.delta, f.reason::ledger_reason, f.source_id, f.key,
        (b.before ->> f.member_id::text)::int + sum(f.delta) OVER (PARTITION BY f.member_id ORDER BY f.ord), f.note
      FROM fresh f CROSS JOIN balances b
      WHERE b.before ? f.member_id::text
      ORDER BY f.member_id, f.ord
      RETURNING 1
    )${options.alsoRun ? Prisma.sql`, ${options.alsoRun}` : Prisma.empty}
    SELECT count(*)::int AS applied FROM appended`);
  return rows[0]?.applied ?? 0;
}

/** True when `error` is Postgres' unique violation (a concurrent duplicate); the caller retries its unit. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, originalCode } = databaseErrorFacts(error);
  return code === 'P2002' || code === '23505' || originalCode === '23505';
}

/**
 * When each order of `memberIds` first credited points (its earliest `order_earned` entry with points): the moment
 * they entered the balance, after any approval period, and however late its webhook came. Keyed by member, then order.
 */
export async function findOrderEarnedTimes(sql: SqlClient, memberIds: readonly number[]): Promise<Map<number, Map<string, number>>> {
  const earned = new Map<number, Map<string, number>>();
  if (memberIds.length === 0) return earned;
  const rows = await sql.query<{ memberId: number; orderId: string; at: string }>(Prisma.sql`
    SELECT member_id AS "memberId", source_id AS "orderId", floor(extract(epoch FROM min(created_at)) * 1000)::text AS at
    FROM ledger_entries
    WHERE member_id = ANY(${memberIds}::int[]) AND reason = 'order_earned' AND delta > 0 AND source_id IS NOT NULL
    GROUP BY member_id, source_id`);
  for (const row of rows) {
    const orders = earned.get(row.memberId) ?? new Map<string, number>();
    orders.set(row.orderId, Number(row.at));
    earned.set(row.memberId, orders);
  }
  return earned;
}
