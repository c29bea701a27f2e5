import type { Db, Tx } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';

/**
 * The ledger entries (alias `le`) that count as a member's activity and so keep their points from expiring (besides a
 * paid order, counted from `members.last_order_at` when it is placed: see `dueMembers`): an order that earned points (`order_earned` with points, when they were credited: after an approval period, when that ends),
 * a redemption (also one given back when the platform refused its code: the shopper acted), a manual adjustment that
 * adds points and a surprise gift of points (points just given must not expire the next night). Not activity: refunds,
 * cancellations, re-ratings, given-back redemptions, tier changes, deductions by staff and expiries themselves.
 */
export const ACTIVITY = Prisma.sql`(le.reason = 'redemption'
  OR (le.reason IN ('order_earned', 'manual_adjustment', 'surprise_gift') AND le.delta > 0))`;

/**
 * A member's (alias `m`) latest activity: their latest `ACTIVITY` entry or paid order (`last_order_at`), whichever is
 * later; without either, when they joined. GREATEST skips nulls.
 */
const lastActivity = Prisma.sql`GREATEST(COALESCE(
  (SELECT max(le.created_at) FROM ledger_entries le WHERE le.member_id = m.id AND ${ACTIVITY}), m.created_at), m.last_order_at)`;

/**
 * The activity every member of the program counts as having at least (alias `p` for programs): 30 days after expiry
 * was switched on (or shortened), less the period, so that nobody's points expire within 30 days of that moment and
 * everyone gets their reminder first. Null without a moment (expiry as old as the column).
 */
export const GRACE_DAYS = 30;
const graceFloor = Prisma.sql`(p.points_expiry_from + ${`${GRACE_DAYS} days`}::interval - make_interval(months => p.points_expire_after_months))`;

/** A shop whose program lets points expire. */
export interface ExpiryShop {
  id: number;
  timezone: string;
  /** The program's months without activity. */
  months: number;
  /** The activity every member counts as having at least (`graceFloor`); null for none. */
  floor: Date | null;
}

/**
 * Installed shops whose program has an expiry (few: it is off by default). An uninstalled shop's balances wait as they
 * are: nothing can happen for its members meanwhile, and a reinstall continues them (CONTRACT.md).
 */
export async function findExpiryShops(db: Db): Promise<ExpiryShop[]> {
  return db.$queryRaw<ExpiryShop[]>`
    SELECT s.id, s.timezone, p.points_expire_after_months AS months, ${graceFloor} AS floor
    FROM shops s JOIN programs p ON p.shop_id = s.id
    WHERE p.points_expire_after_months IS NOT NULL AND s.installed_at IS NOT NULL AND s.uninstalled_at IS NULL
    ORDER BY s.id`;
}

/**
 * Where a job's walk over the shops (in id order) stopped on its budget: the shop and the last member looked at. The
 * next run continues there instead of at the first shop again, which with many members could stop at the same place
 * on every run and never reach the later shops.
 */
export interface WalkProgress {
  current: { shopId: number; after: BalancePosition | null } | null;
}

/** Where a walk over a shop's members by balance stands: the last member looked at. */
export interface BalancePosition {
  points: number;
  id: number;
}

/**
 * Members of the shop with points left and without activity at or after `cutoff` (see `ACTIVITY`), nor a paid order
 * placed since (`last_order_at`: also one whose points are not credited yet, in an approval period or awaiting its
 * fulfilment, or whose webhook comes late: the shopper ordered before the date, as the reminder asked).
 */
const dueMembers = (shopId: number, cutoff: Date) => Prisma.sql`
  m.shop_id = ${shopId} AND m.points > 0 AND m.created_at < ${cutoff.toISOString()}::timestamp
  AND (m.last_order_at IS NULL OR m.last_order_at < ${cutoff.toISOString()}::timestamp)
  AND NOT EXISTS (SELECT 1 FROM ledger_entries le
    WHERE le.member_id = m.id AND le.created_at >= ${cutoff.toISOString()}::timestamp AND ${ACTIVITY})`;

/**
 * Members whose points are due to expire at `cutoff` (expiryCutoff), after `after` in (points, id) order, at most
 * `limit`: a walk along the (shop_id, points, id) index over the members with points, one probe each of their
 * entries since the cutoff (the (member_id, created_at) index). Nothing is locked: expireMembers checks again.
 */
export async function findExpiryCandidates(
  db: Db,
  shopId: number,
  cutoff: Date,
  after: BalancePosition | null,
  limit: number,
): Promise<BalancePosition[]> {
  const seek = after ? Prisma.sql`AND (m.points, m.id) > (${after.points}, ${after.id})` : Prisma.empty;
  return db.$queryRaw<BalancePosition[]>`
    SELECT m.points, m.id FROM members m
    WHERE ${dueMembers(shopId, cutoff)} ${seek}
    ORDER BY m.points, m.id
    LIMIT ${limit}`;
}

/** A balance that expired. */
export interface ExpiredBalance {
  memberId: number;
  /** The points that expired (positive). */
  points: number;
}

/**
 * Expires the whole positive balance of each of `memberIds` that is still due at `cutoff` while the program still
 * expires after `months`: one append-only `points_expired` entry per member, in the same statement as the balance
 * moving to 0. Qualifying points and tiers stay (as for a redemption). Run in a transaction (memberTransaction):
 * the member rows are locked first, and only then, in a statement of its own that sees everything committed before
 * the locks were granted, checked and written: an order or redemption booked meanwhile (every entry moves its
 * member's row) keeps the points, never read-then-write. The key names the member's latest entry, so the balance an
 * entry left expires once: a rerun, or a second worker after this one, finds nothing to expire (the balance is 0) or
 * the same key (a unique violation: memberTransaction reruns the unit, which then finds nothing).
 */
export async function expireMembers(tx: Tx, shopId: number, months: number, memberIds: readonly number[], cutoff: Date): Promise<ExpiredBalance[]> {
  if (memberIds.length === 0) return [];
  // In ascending customer id, the points engine's lock order (loyalty/orders/repository.ts): no deadlock with crediting.
  await tx.$queryRaw`SELECT id FROM members WHERE shop_id = ${shopId} AND id = ANY(${memberIds}::int[]) ORDER BY customer_id FOR UPDATE`;
  return tx.$queryRaw<ExpiredBalance[]>`
    WITH due AS (
      SELECT m.id, m.points, (SELECT max(l.id) FROM ledger_entries l WHERE l.member_id = m.id) AS latest
      FROM members m
      WHERE m.id = ANY(${memberIds}::int[]) AND ${dueMembers(shopId, cutoff)}
        AND EXISTS (SELECT 1 FROM programs p WHERE p.shop_id = ${shopId} AND p.points_expire_after_months = ${months})
    ),
    keyed AS (SELECT id, points, 'points_expired:' || id || ':' || COALESCE(latest, 0) AS key FROM due),
    moved AS (
      UPDATE members mb SET points = mb.points - k.points, updated_at = now()
      FROM keyed k
      WHERE mb.id = k.id
        AND NOT EXISTS (SELECT 1 FROM ledger_entries le WHERE le.shop_id = ${shopId} AND le.idempotency_key = k.key)
      RETURNING mb.id, k.points, k.key, mb.points AS balance
    )
    INSERT INTO ledger_entries (shop_id, member_id, delta, reason, idempotency_key, balance_after)
    SELECT ${shopId}, id, -points, 'points_expired'::ledger_reason, key, balance FROM moved
    RETURNING member_id AS "memberId", -delta AS points`;
}

/** What a member's expiry depends on. */
export interface MemberExpiryFacts {
  /** The program's months; null: points never expire. */
  months: number | null;
  timezone: string;
  /** Null for a customer the app has not met. */
  member: { points: number; lastActivityAt: Date } | null;
}

/**
 * The shop's expiry setting and, for the customer when the app knows them, their balance and latest activity (see
 * `ACTIVITY`; a member without any counts from when they joined). One round trip; the activity is not looked up
 * while the program has no expiry.
 */
export async function findMemberExpiryFacts(db: Db, shopId: number, customerId: string): Promise<MemberExpiryFacts> {
  const rows = await db.$queryRaw<{ months: number | null; timezone: string; points: number | null; last_activity_at: Date | null }[]>`
    SELECT p.points_expire_after_months AS months, s.timezone, m.points,
      CASE WHEN m.id IS NOT NULL AND p.points_expire_after_months IS NOT NULL THEN GREATEST(${lastActivity}, ${graceFloor}) END AS last_activity_at
    FROM shops s
    LEFT JOIN programs p ON p.shop_id = s.id
    LEFT JOIN members m ON m.shop_id = s.id AND m.customer_id = ${customerId}
    WHERE s.id = ${shopId}`;
  const row = rows[0];
  if (!row) return { months: null, timezone: 'UTC', member: null };
  const member = row.points !== null && row.last_activity_at !== null ? { points: row.points, lastActivityAt: row.last_activity_at } : null;
  return { months: row.months, timezone: row.timezone, member };
}

/** A member whose points expire soon, with the latest activity their date follows from. */
export interface ReminderCandidate extends BalancePosition {
  lastActivityAt: Date;
}

/**
 * Members with points whose latest activity (see `ACTIVITY`; without any, when they joined) lies in [from, until): their
 * points are not due yet (expiryCutoff) but expire within the reminder's lead (reminderCutoff). After `after` in
 * (points, id) order, at most `limit`: the walk of findExpiryCandidates, one probe of each member's latest activity.
 */
export async function findReminderCandidates(
  db: Db,
  shopId: number,
  floor: Date | null,
  window: { from: Date; until: Date },
  after: BalancePosition | null,
  limit: number,
): Promise<ReminderCandidate[]> {
  const seek = after ? Prisma.sql`AND (m.points, m.id) > (${after.points}, ${after.id})` : Prisma.empty;
  return db.$queryRaw<ReminderCandidate[]>`
    SELECT m.points, m.id, a.last AS "lastActivityAt"
    FROM members m
    CROSS JOIN LATERAL (SELECT GREATEST(${lastActivity}, ${floor?.toISOString() ?? null}::timestamp) AS last) a
    WHERE m.shop_id = ${shopId} AND m.points > 0 ${seek}
      AND a.last >= ${window.from.toISOString()}::timestamp AND a.last < ${window.until.toISOString()}::timestamp
    ORDER BY m.points, m.id
    LIMIT ${limit}`;
}
