import type { Tx } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { NotificationKind } from './messages.js';

/** The ledger reasons the scanner announces (the ones `ledger_entries_notify_idx` covers). */
export type ScannedReason = 'order_earned' | 'tier_changed';

/**
 * Where a kind's scan stands. Entries up to `lastId` were scanned; one of them that was not visible then (its
 * transaction committed after the scan: ledger ids are taken at insert, commits come in any order) was created at
 * or after `horizon`, which the scan took as the start of the oldest transaction still running.
 */
export interface ScanCursor {
  lastId: bigint;
  /** The session's `timestamp` text, compared with `created_at` as Postgres wrote it. */
  horizon: string;
}

const reasonSql = (reason: ScannedReason) => Prisma.raw(`'${reason}'`);

/**
 * Takes the kind's cursor until the transaction ends (FOR UPDATE: two scanners of a kind take turns instead of doing
 * the same work twice). A kind's first scan starts before the oldest entry of the window.
 */
export async function lockScanCursor(tx: Tx, kind: NotificationKind, reason: ScannedReason, since: Date): Promise<ScanCursor> {
  const lock = () => tx.$queryRaw<ScanCursor[]>`
    SELECT last_id AS "lastId", horizon::text AS horizon FROM notification_scan_cursors WHERE kind = ${kind}::notification_kind FOR UPDATE`;
  const [cursor] = await lock();
  if (cursor) return cursor;
  await tx.$executeRaw`
    INSERT INTO notification_scan_cursors (kind, last_id, horizon)
    SELECT ${kind}::notification_kind,
      COALESCE((SELECT min(id) - 1 FROM ledger_entries WHERE reason = ${reasonSql(reason)} AND created_at >= ${since}::timestamp),
        (SELECT max(id) FROM ledger_entries), 0),
      ${since}::timestamp
    ON CONFLICT (kind) DO NOTHING`;
  const [created] = await lock();
  return created!;
}

/**
 * The horizon of this scan: entries not visible to a statement that starts after this one belong to transactions
 * running now or later, so they were created at or after the oldest running transaction's start (`created_at`
 * defaults to `now()`, the transaction's start). A second's margin covers `created_at`'s rounding to milliseconds.
 * Sessions of other roles show no `xact_start` without pg_read_all_stats; only the app's own role writes the ledger.
 */
export async function scanHorizon(tx: Tx): Promise<string> {
  const [row] = await tx.$queryRaw<{ horizon: string }[]>`
    SELECT (LEAST(statement_timestamp(), min(xact_start)) - interval '1 second')::timestamp::text AS horizon
    FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`;
  return row!.horizon;
}

/** The last id of the next `limit` entries after the cursor (null: none), in id order. */
export async function nextScanEnd(tx: Tx, reason: ScannedReason, cursor: ScanCursor, since: Date, limit: number): Promise<bigint | null> {
  const [row] = await tx.$queryRaw<{ upTo: bigint | null }[]>`
    SELECT max(id) AS "upTo" FROM (
      SELECT id FROM ledger_entries
      WHERE id > ${cursor.lastId} AND reason = ${reasonSql(reason)} AND created_at >= ${since}::timestamp
      ORDER BY id LIMIT ${limit}) AS next`;
  return row!.upTo;
}

/**
 * The ledger entries of one scan: those after the cursor up to `upTo`, and those at or below it created since the
 * last scan's horizon (late commits; the outbox's anti-join drops the ones announced already).
 */
export function scannedEntries(reason: ScannedReason, cursor: ScanCursor, upTo: bigint | null, since: Date): Prisma.Sql {
  return Prisma.sql`(
    SELECT *, xmin FROM ledger_entries
    WHERE reason = ${reasonSql(reason)} AND id > ${cursor.lastId} AND id <= ${upTo ?? cursor.lastId} AND created_at >= ${since}::timestamp
    UNION ALL
    SELECT *, xmin FROM ledger_entries
    WHERE reason = ${reasonSql(reason)} AND id <= ${cursor.lastId}
      AND created_at >= GREATEST(${cursor.horizon}::timestamp, ${since}::timestamp))`;
}

/** Moves the cursor past this scan; in the transaction of the scan's outbox rows. */
export async function advanceScanCursor(tx: Tx, kind: NotificationKind, upTo: bigint | null, horizon: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE notification_scan_cursors
    SET last_id = GREATEST(last_id, COALESCE(${upTo}::bigint, last_id)), horizon = ${horizon}::timestamp, updated_at = now()
    WHERE kind = ${kind}::notification_kind`;
}
