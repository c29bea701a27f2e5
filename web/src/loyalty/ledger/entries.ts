import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { LedgerReason } from './repository.js';

/** A ledger entry as the admin reads it. */
export interface LedgerEntryRecord {
  id: bigint;
  createdAt: Date;
  delta: number;
  reason: LedgerReason;
  balanceAfter: number;
  sourceId: string | null;
  note: string | null;
  actor: string | null;
}

/** Where an entry stands in the newest-first order: its time, then its id (entries of one instant). */
export interface LedgerPosition {
  createdAt: Date;
  id: bigint;
}

const COLUMNS = Prisma.sql`le.id, le.created_at AS "createdAt", le.delta, le.reason::text AS reason,
  le.balance_after AS "balanceAfter", le.source_id AS "sourceId", le.note, le.actor`;

/** The shop's entry with this idempotency key, or null. */
export async function findLedgerEntryByKey(tx: Db | Tx, shopId: number, idempotencyKey: string): Promise<LedgerEntryRecord | null> {
  const rows = await tx.$queryRaw<LedgerEntryRecord[]>`
    SELECT ${COLUMNS} FROM ledger_entries le WHERE le.shop_id = ${shopId} AND le.idempotency_key = ${idempotencyKey}`;
  return rows[0] ?? null;
}

export interface LedgerPage {
  entries: LedgerEntryRecord[];
  hasNextPage: boolean;
}

/**
 * A member's entries newest first, `limit` after `after` (keyset on (created_at, id), served by the
 * (member_id, created_at) index).
 */
export async function listLedgerEntries(
  db: Db,
  shopId: number,
  memberId: number,
  page: { limit: number; after?: LedgerPosition; /** Leave out entries that move no points (tier changes). @defaultValue false */ pointsOnly?: boolean },
): Promise<LedgerPage> {
  const seek = page.after
    ? Prisma.sql`AND (le.created_at, le.id) < (${page.after.createdAt.toISOString()}::timestamp, ${page.after.id}::bigint)`
    : Prisma.empty;
  const movesPoints = page.pointsOnly ? Prisma.sql`AND le.reason <> 'tier_changed'` : Prisma.empty;
  const rows = await db.$queryRaw<LedgerEntryRecord[]>`
    SELECT ${COLUMNS} FROM ledger_entries le
    WHERE le.member_id = ${memberId} AND le.shop_id = ${shopId} ${seek} ${movesPoints}
    ORDER BY le.created_at DESC, le.id DESC
    LIMIT ${page.limit + 1}`;
  return { entries: rows.slice(0, page.limit), hasNextPage: rows.length > page.limit };
}
