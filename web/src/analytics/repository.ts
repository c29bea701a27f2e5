import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { DayRange } from './range.js';

/*
 * The dashboard's figures, each computed by the database (aggregates over indexes); no member or ledger row is
 * loaded into the app. Timestamps are stored as UTC wall time (`timestamp`, every session runs in UTC: db/connection.ts),
 * so `x AT TIME ZONE 'UTC'` makes them absolute and `... AT TIME ZONE zone` gives the shop's local time.
 */

/**
 * The ledger entry that first credited an order: its `order_earned` entry, or, for an order that earned 0 when it
 * was booked (no entry then), its first re-rating (keys: `ledgerKeys` in loyalty/rules/booking.ts). Both are found
 * through the unique (shop_id, idempotency_key) index.
 */
const FIRST_ORDER_CREDIT = Prisma.sql`(le.reason = 'order_earned' OR (le.reason = 'order_rerated'
  AND le.idempotency_key = 'order:' || le.source_id || ':rerate:1'
  AND NOT EXISTS (SELECT 1 FROM ledger_entries earned
    WHERE earned.shop_id = le.shop_id AND earned.idempotency_key = 'order:' || le.source_id || ':earn')))`;

/**
 * Points issued by one entry: for the entry that first credited an order, what that order holds now (earned, after
 * every re-rating, minus what its refunds and cancellation took back: never below 0); a surprise gift's points; a
 * manual adjustment's when it adds points. An order thus counts once, on the day it was first credited, with the
 * same figure whatever order its webhooks came in (the booked order points are a function of the facts); the later
 * entries of an order (refunds, cancellation, re-ratings) change that figure instead of counting on their own day.
 */
const ISSUED = Prisma.sql`CASE
    WHEN ${FIRST_ORDER_CREDIT} THEN COALESCE((SELECT lo.points_earned - lo.points_taken_back FROM loyalty_orders lo
      WHERE lo.shop_id = le.shop_id AND lo.order_id = le.source_id), 0)
    WHEN le.reason = 'surprise_gift' THEN le.delta
    WHEN le.reason = 'manual_adjustment' THEN greatest(le.delta, 0)
    ELSE 0
  END`;
/** Reasons whose entries net to the points spent (redemptions, minus redemptions given back). */
const SPENDING = Prisma.sql`('redemption', 'redemption_reversal')`;

export interface DailyPoints {
  date: string;
  issued: number;
  redeemed: number;
}

export interface LedgerTotals {
  issued: number;
  redeemed: number;
  /** Points that expired after inactivity (points expiry), apart from the points spent. */
  expired: number;
  /** One row per day of the range, days without entries included. */
  daily: DailyPoints[];
}

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * Points issued (see `ISSUED`) and redeemed per local day of `range` in `timeZone` and in total, and the points that
 * expired in total (`points_expired` entries net of the expired points a later take-back gave back,
 * `points_expiry_returned`: never counted as redeemed, nor against what was issued). The range's local
 * midnights are turned into UTC bounds once, so the (shop_id, created_at) index selects the entries;
 * `generate_series` supplies the days without any.
 */
export async function ledgerTotals(db: Db, shopId: number, range: DayRange, timeZone: string): Promise<LedgerTotals> {
  const rows = await db.$queryRaw<{ daily: DailyPoints[] | string; issued: bigint; redeemed: bigint; expired: bigint }[]>`
    WITH days AS (
      SELECT d::date AS day FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS d
    ),
    per_day AS (
      SELECT ((le.created_at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::date AS day,
        sum(${ISSUED}) AS issued,
        COALESCE(-sum(le.delta) FILTER (WHERE le.reason IN ${SPENDING}), 0) AS redeemed,
        COALESCE(-sum(le.delta) FILTER (WHERE le.reason IN ('points_expired', 'points_expiry_returned')), 0) AS expired
      FROM ledger_entries le
      WHERE le.shop_id = ${shopId}
        AND le.created_at >= (${range.from}::date::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
        AND le.created_at < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
      GROUP BY 1
    )
    SELECT
      json_agg(json_build_object('date', to_char(days.day, 'YYYY-MM-DD'),
        'issued', COALESCE(p.issued, 0), 'redeemed', COALESCE(p.redeemed, 0)) ORDER BY days.day) AS daily,
      COALESCE(sum(p.issued), 0)::bigint AS issued,
      COALESCE(sum(p.redeemed), 0)::bigint AS redeemed,
      COALESCE(sum(p.expired), 0)::bigint AS expired
    FROM days LEFT JOIN per_day p ON p.day = days.day`;
  const row = rows[0];
  if (!row) throw new Error('ledger totals returned no row');
  return {
    issued: Number(row.issued),
    redeemed: Number(row.redeemed),
    expired: Number(row.expired),
    daily: parseJson(row.daily).map((d) => ({ date: d.date, issued: Number(d.issued), redeemed: Number(d.redeemed) })),
  };
}

export interface MemberTotals {
  members: number;
  /** Members with a paid, not cancelled order or a redemption since `activeSince`. */
  activeMembers: number;
  /** Sum of the positive balances. */
  outstandingPoints: number;
  /** outstandingPoints × the program's point value, exact decimal string. */
  liability: string;
}

/**
 * Counts and balances over the shop's members now. Active members are those who did something themselves since
 * `activeSince`: a paid order that is not cancelled (by its `processed_at`, the order's time) or a redemption that
 * was not given back (pending or issued). Campaign gifts, staff adjustments and tier changes (a tier lost to
 * inactivity is a ledger entry too) are not activity. Two index-backed sets: members whose last order is recent
 * (a superset: `last_order_at` is the latest paid order's time) probed for such an order through
 * (shop_id, customer_id), and the shop's recent redemptions through (shop_id, created_at).
 */
export async function memberTotals(db: Db, shopId: number, activeSince: Date): Promise<MemberTotals> {
  const since = activeSince.toISOString();
  const rows = await db.$queryRaw<{ members: bigint; active: bigint; outstanding: bigint; liability: string }[]>`
    WITH totals AS (
      SELECT count(*) AS members, COALESCE(sum(m.points) FILTER (WHERE m.points > 0), 0) AS outstanding
      FROM members m WHERE m.shop_id = ${shopId}
    ),
    active AS (
      SELECT count(*) AS active FROM (
        SELECT m.id FROM members m
        WHERE m.shop_id = ${shopId} AND m.last_order_at >= ${since}::timestamp
          AND EXISTS (SELECT 1 FROM loyalty_orders lo
            WHERE lo.shop_id = m.shop_id AND lo.customer_id = m.customer_id AND lo.paid_at IS NOT NULL
              AND lo.cancelled_at IS NULL AND lo.processed_at >= ${since}::timestamp)
        UNION
        SELECT r.member_id FROM redemptions r
        WHERE r.status IN ('pending', 'issued') AND r.created_at >= ${since}::timestamp AND r.shop_id = ${shopId}
      ) AS recent
    )
    SELECT totals.members::bigint AS members, active.active::bigint AS active, totals.outstanding::bigint AS outstanding,
      (totals.outstanding * COALESCE((SELECT p.point_value FROM programs p WHERE p.shop_id = ${shopId}), 0))::text AS liability
    FROM totals, active`;
  const row = rows[0];
  if (!row) throw new Error('member totals returned no row');
  return {
    members: Number(row.members),
    activeMembers: Number(row.active),
    outstandingPoints: Number(row.outstanding),
    liability: row.liability,
  };
}

export interface TierCount {
  id: number;
  name: string;
  members: number;
}

/** Members per tier, every tier of the shop (ascending by threshold), each counted from the tier index. */
export async function tierCounts(db: Db, shopId: number): Promise<TierCount[]> {
  const rows = await db.$queryRaw<{ id: number; name: string; members: bigint }[]>`
    SELECT t.id, t.name,
      (SELECT count(*) FROM members m WHERE m.shop_id = t.shop_id AND m.tier_id = t.id)::bigint AS members
    FROM tiers t WHERE t.shop_id = ${shopId}
    ORDER BY t.threshold`;
  return rows.map((r) => ({ id: r.id, name: r.name, members: Number(r.members) }));
}
