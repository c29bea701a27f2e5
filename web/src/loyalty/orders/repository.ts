import type { SqlClient } from '../../db/sql-client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { TierRecord } from '../../program/repository.js';
import { parseTiers, tiersJson, type MemberState } from '../members/repository.js';
import type { BookedOrder, OrderBooking, RefundBooking } from '../rules/booking.js';
import type { OrderFact } from '../rules/points.js';
import type { TierThreshold } from '../rules/tiers.js';
import type { MergedEvents } from './events.js';

/*
 * Lock order, the same everywhere so concurrent deliveries do not deadlock: member rows first (ascending customer
 * id), then order rows. A refund whose order's customer is not known yet takes only the order's row (a placeholder
 * if the order is new): a concurrent `orders/paid` waits for it and then sees the refund. If the order's customer
 * shows up while the refund waits, `recordEvents` reports it and the caller starts over with that member locked.
 */

/** The stored customers of `orderIds` (orders without one are left out). */
export async function findOrderCustomers(sql: SqlClient, shopId: number, orderIds: readonly string[]): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await sql.query<{ orderId: string; customerId: string }>(Prisma.sql`
    SELECT order_id AS "orderId", customer_id AS "customerId" FROM loyalty_orders
    WHERE shop_id = ${shopId} AND order_id = ANY(${orderIds}::text[]) AND customer_id IS NOT NULL`);
  return new Map(rows.map((r) => [r.orderId, r.customerId]));
}

export interface RecordedEvents {
  /** The customers whose member rows this transaction now holds locked, ascending. */
  lockedCustomerIds: string[];
  /** The stored customer of every order the events touched, after the upsert. */
  orderCustomers: Map<string, string | null>;
}

/** Timestamps go as ISO strings (UTC): a `timestamp` column ignores the trailing Z, keeping the UTC wall time. */
const iso = (date: Date | null) => date?.toISOString() ?? null;

const epochMs = (column: string) => Prisma.raw(`floor(extract(epoch FROM ${column}) * 1000)::bigint`);

/**
 * The shop's current tiers as an order keeps them (`tiers_snapshot`): threshold and multiplier, ascending; null
 * without tiers. One expression for writing and comparing, so an unchanged program compares equal.
 */
function tiersSnapshotSql(shopId: number): Prisma.Sql {
  return Prisma.sql`(SELECT jsonb_agg(jsonb_build_object('threshold', t.threshold, 'multiplier', t.multiplier::text) ORDER BY t.threshold)
    FROM tiers t WHERE t.shop_id = ${shopId})`;
}

const parseJson = <T>(value: T | string | null | undefined): T | null =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null);

/**
 * Stores a batch of merged events in one statement: enrolls and locks the members (those named by the events'
 * profiles plus `lockCustomerIds`, in ascending customer id; a member row is rewritten only when the profile
 * changes it, but locked either way), then upserts the orders (first values win: customer, subtotal and earning
 * rate of the first paid event, first cancellation; the rate is the program's at that moment), then inserts the
 * refunds (once per refund id). Profile fields that are null keep what is stored.
 */
export async function recordEvents(
  sql: SqlClient,
  shopId: number,
  events: MergedEvents,
  lockCustomerIds: readonly string[],
): Promise<RecordedEvents> {
  const profiles = new Map(events.profiles.map((p) => [p.customerId, p]));
  const customerIds = [...new Set([...profiles.keys(), ...lockCustomerIds])].sort();
  const profile = (field: 'email' | 'firstName' | 'lastName' | 'locale') =>
    customerIds.map((id) => profiles.get(id)?.[field] ?? null);
  const { orders, refunds } = events;

  const rows = await sql.query<{ orders: { orderId: string; customerId: string | null }[] | string | null }>(Prisma.sql`
    WITH src AS (
      SELECT * FROM unnest(${customerIds}::text[], ${profile('email')}::text[], ${profile('firstName')}::text[],
        ${profile('lastName')}::text[], ${profile('locale')}::text[]) AS s(customer_id, email, first_name, last_name, locale)
    ),
    m AS (
      -- ON CONFLICT DO UPDATE locks every conflicting row, also those its WHERE leaves unchanged.
      -- The new member's tier computed once here, not by the members_default_tier trigger, which runs for every row an
      -- INSERT proposes, also the (usual) ones that turn out to exist already. OFFSET 0 keeps the subquery apart: pulled
      -- up into the SELECT, the function ran once per row all the same.
      INSERT INTO members AS mb (shop_id, customer_id, email, first_name, last_name, locale, tier_id, updated_at)
      SELECT ${shopId}, customer_id, email, first_name, last_name, locale, lowest.tier_id, now()
      FROM src CROSS JOIN (SELECT members_tier_for(${shopId}, 0) AS tier_id OFFSET 0) AS lowest ORDER BY customer_id
      ON CONFLICT (shop_id, customer_id) DO UPDATE SET
        email = COALESCE(EXCLUDED.email, mb.email),
        first_name = COALESCE(EXCLUDED.first_name, mb.first_name),
        last_name = COALESCE(EXCLUDED.last_name, mb.last_name),
        locale = COALESCE(EXCLUDED.locale, mb.locale),
        updated_at = now()
      WHERE (EXCLUDED.email IS NOT NULL AND EXCLUDED.email IS DISTINCT FROM mb.email)
        OR (EXCLUDED.first_name IS NOT NULL AND EXCLUDED.first_name IS DISTINCT FROM mb.first_name)
        OR (EXCLUDED.last_name IS NOT NULL AND EXCLUDED.last_name IS DISTINCT FROM mb.last_name)
        OR (EXCLUDED.locale IS NOT NULL AND EXCLUDED.locale IS DISTINCT FROM mb.locale)
      RETURNING 1
    ),
    -- The program's terms a newly paid order keeps (edits apply to new events only), read once per statement.
    terms AS (
      SELECT COALESCE(p.points_per_currency_unit, 1) AS rate, p.award_on, p.approval_days, ${tiersSnapshotSql(shopId)} AS tiers
      FROM (VALUES (1)) AS one LEFT JOIN programs p ON p.shop_id = ${shopId}
    ),
    o AS (
      INSERT INTO loyalty_orders AS lo (shop_id, order_id, customer_id, name, subtotal, points_per_currency_unit,
        tiers_snapshot, award_on, approval_days, processed_at, paid_at, cancelled_at, fulfilled_at, updated_at)
      SELECT ${shopId}, v.order_id, v.customer_id, v.name, v.subtotal,
        CASE WHEN v.subtotal IS NOT NULL THEN terms.rate END,
        CASE WHEN v.subtotal IS NOT NULL THEN terms.tiers END,
        CASE WHEN v.subtotal IS NOT NULL THEN terms.award_on END,
        CASE WHEN v.subtotal IS NOT NULL THEN terms.approval_days END,
        v.processed_at, CASE WHEN v.paid THEN now() AT TIME ZONE 'UTC' END, v.cancelled_at, v.fulfilled_at, now()
      FROM unnest(${orders.map((o) => o.orderId)}::text[], ${orders.map((o) => o.customerId)}::text[],
          ${orders.map((o) => o.name)}::text[], ${orders.map((o) => o.subtotal)}::numeric[],
          ${orders.map((o) => iso(o.processedAt))}::timestamp[], ${orders.map((o) => o.paid)}::boolean[],
          ${orders.map((o) => iso(o.cancelledAt))}::timestamp[], ${orders.map((o) => iso(o.fulfilledAt))}::timestamp[])
        AS v(order_id, customer_id, name, subtotal, processed_at, paid, cancelled_at, fulfilled_at)
      -- Reading m makes every member lock come before the first order row lock.
      CROSS JOIN (SELECT count(*) FROM m) AS locked
      CROSS JOIN terms
      ORDER BY v.order_id
      ON CONFLICT (shop_id, order_id) DO UPDATE SET
        customer_id = COALESCE(lo.customer_id, EXCLUDED.customer_id),
        name = COALESCE(lo.name, EXCLUDED.name),
        subtotal = COALESCE(lo.subtotal, EXCLUDED.subtotal),
        points_per_currency_unit = CASE WHEN lo.subtotal IS NULL THEN EXCLUDED.points_per_currency_unit
          ELSE lo.points_per_currency_unit END,
        tiers_snapshot = CASE WHEN lo.subtotal IS NULL THEN EXCLUDED.tiers_snapshot ELSE lo.tiers_snapshot END,
        award_on = CASE WHEN lo.subtotal IS NULL THEN EXCLUDED.award_on ELSE lo.award_on END,
        approval_days = CASE WHEN lo.subtotal IS NULL THEN EXCLUDED.approval_days ELSE lo.approval_days END,
        fulfilled_at = COALESCE(lo.fulfilled_at, EXCLUDED.fulfilled_at),
        processed_at = COALESCE(lo.processed_at, EXCLUDED.processed_at),
        paid_at = COALESCE(lo.paid_at, EXCLUDED.paid_at),
        cancelled_at = COALESCE(lo.cancelled_at, EXCLUDED.cancelled_at),
        updated_at = now()
      RETURNING lo.order_id, lo.customer_id
    ),
    r AS (
      INSERT INTO order_refunds (shop_id, refund_id, order_id, subtotal, created_at)
      SELECT ${shopId}, v.refund_id, v.order_id, v.subtotal, v.created_at
      FROM unnest(${refunds.map((r) => r.refundId)}::text[], ${refunds.map((r) => r.orderId)}::text[],
          ${refunds.map((r) => r.subtotal)}::numeric[], ${refunds.map((r) => iso(r.createdAt))}::timestamp[])
        AS v(refund_id, order_id, subtotal, created_at)
      CROSS JOIN (SELECT count(*) FROM o) AS stored
      ORDER BY v.refund_id
      ON CONFLICT (shop_id, refund_id) DO NOTHING
    )
    SELECT (SELECT json_agg(json_build_object('orderId', o.order_id, 'customerId', o.customer_id)) FROM o) AS orders`);

  return {
    lockedCustomerIds: customerIds,
    orderCustomers: new Map((parseJson(rows[0]?.orders) ?? []).map((o) => [o.orderId, o.customerId])),
  };
}

/**
 * An order as loadSettlementState returns it: a JSON array rather than an object (no key names: a third of the
 * bytes for Postgres to build and for Node to parse, on the hottest read of crediting). Timestamps in epoch ms.
 */
type OrderRow = [
  customerId: string,
  orderId: string,
  rowId: number,
  subtotal: string | null,
  rate: string | null,
  /** Null when it equals the shop's current tiers (nearly always), or when the order has none: both read as today's. */
  tiers: TierThreshold[] | null,
  awardOn: 'paid' | 'fulfilled' | null,
  approvalDays: number | null,
  fulfilledAt: number | null,
  processedAt: number | null,
  cancelledAt: number | null,
  multiplier: string | null,
  pointsEarned: number,
  pointsTakenBack: number,
  cancellationTakenBack: number | null,
  rerateRevision: number,
  refunds: [refundId: string, subtotal: string, createdAt: number, pointsTakenBack: number | null][] | null,
];

type MemberJson = Omit<MemberState, 'tierRecheckAt' | 'lastOrderAt'> & {
  tierRecheckAt: number | null;
  lastOrderAt: number | null;
  expiredOpen: number;
  lastExpiredAt: number | null;
};

/**
 * A member as settling reads them: with the points that expired and no take-back gave back yet, and when they last
 * expired (points expiry; 0 and null without).
 */
export type SettlingMember = MemberState & { expiredOpen: number; lastExpiredAt: Date | null };

export interface CustomerOrders {
  facts: OrderFact[];
  booked: BookedOrder[];
}

export interface SettlementState {
  members: SettlingMember[];
  tiers: TierRecord[];
  /** Every order of each member's customer, keyed by customer id. */
  orders: Map<string, CustomerOrders>;
  /** The loyalty_orders row id of every loaded order, by order id (booking writes by primary key). */
  orderRowIds: Map<string, number>;
}

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * What settling the customers needs, in one query: their member rows, the shop's tiers, and every order of theirs
 * with its refunds and what is booked for them. Run it after the member rows are locked.
 */
export async function loadSettlementState(
  sql: SqlClient,
  shopId: number,
  customerIds: readonly string[],
): Promise<SettlementState> {
  // One index probe per customer (LATERAL, kept apart by OFFSET 0), whatever the statistics say: right after a burst into fresh tables
  // (never analyzed) the planner guessed a handful of rows per shop and scanned every order of the shop instead.
  const customers = Prisma.sql`(SELECT DISTINCT unnest(${customerIds}::text[])) AS c(customer_id)`;
  const rows = await sql.query<{ members: MemberJson[] | string | null; orders: OrderRow[] | string | null; tiers: TierRecord[] | string }>(Prisma.sql`
    SELECT
      (SELECT json_agg(json_build_object('id', m.id, 'shopId', m.shop_id, 'customerId', m.customer_id,
          'points', m.points, 'qualifyingPoints', m.qualifying_points, 'pendingPoints', m.pending_points, 'tierId', m.tier_id,
          'tierRecheckAt', ${epochMs('m.tier_recheck_at')}, 'lastOrderAt', ${epochMs('m.last_order_at')},
          'expiredOpen', expiry.open, 'lastExpiredAt', ${epochMs('expiry.last_at')}))
        FROM ${customers} CROSS JOIN LATERAL (
          SELECT * FROM members m WHERE m.shop_id = ${shopId} AND m.customer_id = c.customer_id OFFSET 0) m
        -- One probe of the partial index of expiry entries per member: nothing to read in a shop without expiry.
        CROSS JOIN LATERAL (
          SELECT COALESCE(-sum(le.delta), 0) AS open, max(le.created_at) FILTER (WHERE le.delta < 0) AS last_at
          FROM ledger_entries le WHERE le.member_id = m.id AND le.reason IN ('points_expired', 'points_expiry_returned')) expiry) AS members,
      (SELECT json_agg(json_build_array(o.customer_id, o.order_id, o.id, o.subtotal::text, o.points_per_currency_unit::text,
          CASE WHEN o.tiers_snapshot = current_tiers.snapshot THEN NULL ELSE o.tiers_snapshot END,
          o.award_on, o.approval_days, ${epochMs('o.fulfilled_at')}, ${epochMs('o.processed_at')}, ${epochMs('o.cancelled_at')},
          o.multiplier::text, o.points_earned, o.points_taken_back, o.cancellation_taken_back, o.rerate_revision,
          (SELECT json_agg(json_build_array(r.refund_id, r.subtotal::text, ${epochMs('r.created_at')}, r.points_taken_back))
            FROM order_refunds r WHERE r.shop_id = o.shop_id AND r.order_id = o.order_id)))
        FROM (SELECT ${tiersSnapshotSql(shopId)} AS snapshot) AS current_tiers, ${customers} CROSS JOIN LATERAL (
          SELECT * FROM loyalty_orders o WHERE o.shop_id = ${shopId} AND o.customer_id = c.customer_id OFFSET 0) o) AS orders,
      ${tiersJson(shopId)} AS tiers`);
  const row = rows[0];

  const members = (parseJson(row?.members) ?? []).map((m) => ({
    ...m,
    tierRecheckAt: dateOrNull(m.tierRecheckAt),
    lastOrderAt: dateOrNull(m.lastOrderAt),
    lastExpiredAt: dateOrNull(m.lastExpiredAt),
  }));
  const orders = new Map<string, CustomerOrders>(customerIds.map((id) => [id, { facts: [], booked: [] }]));
  const orderRowIds = new Map<string, number>();
  for (const o of parseJson(row?.orders) ?? []) {
    const [customerId, orderId, rowId, subtotal, rate, tiers, awardOn, approvalDays, fulfilledAt, processedAt, cancelledAt,
      multiplier, pointsEarned, pointsTakenBack, cancellationTakenBack, rerateRevision, refunds] = o;
    const customer = orders.get(customerId);
    if (!customer) continue;
    orderRowIds.set(orderId, rowId);
    customer.facts.push({
      orderId,
      subtotal,
      pointsPerCurrencyUnit: rate,
      tiers,
      policy: awardOn === null ? null : { awardOn, approvalDays: approvalDays ?? 0 },
      fulfilledAt: dateOrNull(fulfilledAt),
      processedAt: dateOrNull(processedAt),
      cancelledAt: dateOrNull(cancelledAt),
      refunds: (refunds ?? []).map(([refundId, amount, createdAt]) => ({ refundId, subtotal: amount, createdAt: new Date(createdAt) })),
    });
    customer.booked.push({
      orderId,
      multiplier,
      pointsEarned,
      pointsTakenBack,
      cancellationTakenBack,
      rerateRevision,
      refunds: (refunds ?? []).map(([refundId, , , points]) => ({ refundId, pointsTakenBack: points })),
    });
  }
  return { members, tiers: parseTiers(row?.tiers ?? []), orders, orderRowIds };
}

/**
 * SQL CTE definitions writing the booked state of orders and refunds, to run in the statement that appends their
 * ledger entries (appendLedgerEntries' `alsoRun`); null when there is nothing to write.
 */
export function bookingCtes(
  orders: readonly OrderBooking[],
  refunds: readonly RefundBooking[],
  orderRowIds: ReadonlyMap<string, number>,
  shopId: number,
): Prisma.Sql | null {
  if (orders.length === 0 && refunds.length === 0) return null;
  const rowId = (orderId: string) => {
    const id = orderRowIds.get(orderId);
    if (id === undefined) throw new Error(`order ${orderId} was not loaded for settling`);
    return id;
  };
  const o = orders;
  const r = refunds;
  const ids = o.map((b) => rowId(b.orderId));
  // By primary key (the rows settling loaded): whatever the statistics say, an index probe per order, never a scan of
  // the shop's orders (which a planner without statistics chose, reading every order of the shop per batch).
  return Prisma.sql`
    booked_orders AS (
      UPDATE loyalty_orders lo SET multiplier = v.multiplier, points_earned = v.earned,
        points_taken_back = v.taken_back, cancellation_taken_back = v.cancellation, rerate_revision = v.revision,
        updated_at = now()
      FROM unnest(${ids}::int[], ${o.map((b) => b.multiplier)}::numeric[],
        ${o.map((b) => b.pointsEarned)}::int[], ${o.map((b) => b.pointsTakenBack)}::int[],
        ${o.map((b) => b.cancellationTakenBack)}::int[], ${o.map((b) => b.rerateRevision)}::int[])
        AS v(id, multiplier, earned, taken_back, cancellation, revision)
      WHERE lo.id = ANY(${ids}::int[]) AND lo.id = v.id
    ),
    booked_refunds AS (
      UPDATE order_refunds rf SET points_taken_back = v.points
      FROM unnest(${r.map((b) => b.refundId)}::text[], ${r.map((b) => b.pointsTakenBack)}::int[]) AS v(refund_id, points)
      WHERE rf.shop_id = ${shopId} AND rf.refund_id = ANY(${r.map((b) => b.refundId)}::text[]) AND rf.refund_id = v.refund_id
    )`;
}
