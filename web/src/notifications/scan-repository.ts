import type { Db, Tx } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { NotificationKind } from './messages.js';
import { advanceScanCursor, lockScanCursor, nextScanEnd, scanHorizon, scannedEntries, type ScannedReason } from './scan-cursor-repository.js';

export interface ScanWindow {
  /** Events before this are never announced: a mail about last month's order would only confuse. */
  since: Date;
  /** Events read per kind and run at most (ledger entries past the kind's cursor); the next run continues. */
  limit: number;
  /**
   * Create the rows already skipped for this reason (no SMTP server: nothing could ever send them) instead of
   * pending: one write per event instead of three (created, claimed by the sender, marked skipped), which under a
   * burst of orders cost the database more than crediting the orders. @defaultValue null (pending)
   */
  skipAs?: 'smtp_not_configured' | null;
}

export interface ScanResult {
  /** Outbox rows created. */
  created: number;
  /** A kind stopped at `limit`: more events may be waiting. */
  more: boolean;
}

/**
 * Creates the outbox rows of the events `events` selects (columns shop_id, member_id, key, data, at) that have
 * none yet. The events of shops that did not have notifications at the time (`notify_since`) are left out; the
 * anti-join on the outbox's unique (shop_id, idempotency_key) keeps a run to what is new, and ON CONFLICT covers two
 * runs at once: an event gets one row, whoever inserts first. The selects stay index scans (the CTE is inlined):
 * ledger entries past a cursor by primary key, late ones through ledger_entries_notify_idx, redemptions through
 * (status, created_at). `limit` null: the selects are bounded already.
 */
async function insertMissing(
  db: Db | Tx,
  kind: NotificationKind,
  events: Prisma.Sql,
  limit: number | null,
  skipAs: ScanWindow['skipAs'] = null,
): Promise<number> {
  const status = skipAs === null ? 'pending' : 'skipped';
  return db.$executeRaw`
    WITH events AS (${events})
    INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data, status, error)
    SELECT e.shop_id, e.member_id, ${kind}::notification_kind, e.key, e.data, ${status}::notification_status, ${skipAs}
    FROM events e
    LEFT JOIN notification_settings s ON s.shop_id = e.shop_id
    WHERE (s.notify_since IS NULL OR e.at >= s.notify_since)
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.shop_id = e.shop_id AND n.idempotency_key = e.key)
    ORDER BY e.at
    ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}
    ON CONFLICT (shop_id, idempotency_key) DO NOTHING`;
}

/**
 * `points_earned`: one mail per order that earned points (`entries`: its `order_earned` entries). An order whose
 * points were pending (an approval period) may be booked together with its take-backs (a refund, a cancellation in
 * that window): the mail says what the order left (earned minus those, none when nothing is left) and the balance
 * after the whole booking. The booking is the entries the same transaction inserted (same `xmin`; the ledger is
 * append-only, so no update changes it), found through (member_id, created_at).
 */
const pointsEarned = (entries: Prisma.Sql) => Prisma.sql`
  SELECT l.shop_id, l.member_id, 'points_earned:' || l.idempotency_key AS key, l.created_at AS at,
    jsonb_build_object('kind', 'points_earned', 'points', l.delta + booking.taken_back, 'balance', booking.balance, 'orderName', o.name) AS data
  FROM ${entries} l
  CROSS JOIN LATERAL (
    SELECT
      COALESCE(sum(x.delta) FILTER (WHERE x.id <> l.id AND (
        (x.reason IN ('cancellation', 'order_rerated') AND x.source_id = l.source_id)
        OR (x.reason = 'refund' AND EXISTS (
          SELECT 1 FROM order_refunds r WHERE r.shop_id = x.shop_id AND r.refund_id = x.source_id AND r.order_id = l.source_id))
      )), 0) AS taken_back,
      (array_agg(x.balance_after ORDER BY x.id DESC))[1] AS balance
    FROM ledger_entries x
    WHERE x.member_id = l.member_id AND x.created_at = l.created_at AND x.xmin = l.xmin
  ) booking
  LEFT JOIN loyalty_orders o ON o.shop_id = l.shop_id AND o.order_id = l.source_id
  WHERE l.delta + booking.taken_back > 0`;

/**
 * `reward_redeemed`: the code of every issued redemption, with the member's balance now. The reward's name with its
 * name in the program's other language and the language of the names (`programs.locale`): the mail, written in the
 * customer's language when it is sent, takes the one in its language (names.ts).
 */
const rewardsRedeemed = (since: Date) => Prisma.sql`
  SELECT r.shop_id, r.member_id, 'reward_redeemed:' || r.id AS key, r.created_at AS at,
    jsonb_build_object('kind', 'reward_redeemed', 'rewardName', rw.name, 'rewardNameTranslation', rw.name_translation,
      'namesLocale', p.locale, 'code', r.code,
      'expiresAt', to_char(r.expires_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'balance', m.points) AS data
  FROM redemptions r
  JOIN rewards rw ON rw.id = r.reward_id
  JOIN members m ON m.id = r.member_id
  LEFT JOIN programs p ON p.shop_id = r.shop_id
  WHERE r.status = 'issued' AND r.created_at >= ${since}::timestamp`;

/** A tier id of a `tier_changed` source (`tier:<from id or none>:<to id>`); null for `none` or anything else. */
const tierIdPart = (part: number) => Prisma.sql`
  CASE WHEN split_part(l.source_id, ':', ${part}) ~ '^[0-9]{1,9}$' THEN split_part(l.source_id, ':', ${part})::int END`;

/**
 * `tier_reached`: the points engine's `tier_changed` entries (`entries`) that are upgrades: the new tier starts higher
 * than the old one (or, when the old one is unknown, than the lowest tier). Downgrades get no mail and no row. The
 * tiers' names with their names in the program's other language, as for rewards.
 */
const tiersReached = (entries: Prisma.Sql) => Prisma.sql`
  SELECT l.shop_id, l.member_id, 'tier_reached:' || l.idempotency_key AS key, l.created_at AS at,
    jsonb_build_object('kind', 'tier_reached', 'tierName', tt.name, 'tierNameTranslation', tt.name_translation,
      'previousTierName', ft.name, 'previousTierNameTranslation', ft.name_translation, 'namesLocale', p.locale) AS data
  FROM ${entries} l
  JOIN tiers tt ON tt.shop_id = l.shop_id AND tt.id = ${tierIdPart(3)}
  LEFT JOIN tiers ft ON ft.shop_id = l.shop_id AND ft.id = ${tierIdPart(2)}
  LEFT JOIN programs p ON p.shop_id = l.shop_id
  WHERE tt.threshold > COALESCE(ft.threshold, (SELECT min(t.threshold) FROM tiers t WHERE t.shop_id = l.shop_id))`;

/**
 * One kind's scan of the ledger: the entries after the kind's cursor (at most `limit`, in id order) and the few at or
 * below it that committed after the last scan; the outbox rows and the cursor's move commit together. Each run reads
 * what is new instead of the whole window again.
 */
async function scanLedger(
  db: Db,
  kind: NotificationKind,
  reason: ScannedReason,
  events: (entries: Prisma.Sql) => Prisma.Sql,
  { since, limit, skipAs }: ScanWindow,
): Promise<ScanResult> {
  return db.$transaction(async (tx) => {
    const cursor = await lockScanCursor(tx, kind, reason, since);
    // Before the statements below take their snapshots: what they cannot see yet was created at or after it.
    const horizon = await scanHorizon(tx);
    const upTo = await nextScanEnd(tx, reason, cursor, since, limit);
    const created = await insertMissing(tx, kind, events(scannedEntries(reason, cursor, upTo, since)), null, skipAs);
    await advanceScanCursor(tx, kind, upTo, horizon);
    return { created, more: upTo !== null && (await nextScanEnd(tx, reason, { ...cursor, lastId: upTo }, since, 1)) !== null };
  });
}

/** Creates the outbox rows of the events in the window that have none yet (`limit` per kind and run). */
export async function scanNotificationBatch(db: Db, window: ScanWindow): Promise<ScanResult> {
  const results = await Promise.all([
    scanLedger(db, 'points_earned', 'order_earned', pointsEarned, window),
    // Issued redemptions are few: the window's, through (status, created_at).
    insertMissing(db, 'reward_redeemed', rewardsRedeemed(window.since), window.limit, window.skipAs).then((created) => ({ created, more: created >= window.limit })),
    scanLedger(db, 'tier_reached', 'tier_changed', tiersReached, window),
  ]);
  return { created: results.reduce((sum, r) => sum + r.created, 0), more: results.some((r) => r.more) };
}

/** Creates the outbox rows of every event in the window that has none yet; returns how many it created. */
export async function scanNotifications(db: Db, window: ScanWindow): Promise<number> {
  return (await scanNotificationBatch(db, window)).created;
}
