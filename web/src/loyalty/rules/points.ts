import { Decimal } from 'decimal.js';
import { ExactDecimal } from '../exact-decimal.js';
import { tierFor, type TierRule, type TierThreshold } from './tiers.js';

/**
 * The points of one customer as a pure function of their order facts (CONTRACT.md, "The default program of a new
 * shop"). The facts are evaluated in the order things happened, whatever order they were delivered in, so every
 * delivery order ends in the same result.
 */

/** Qualifying points count for orders processed within this window before the moment looked at. */
export const QUALIFYING_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/** When an order's points count (program settings, kept per order as they were when it was first paid). */
export interface EarningPolicy {
  /** Points are earned once the order is paid (the default) or once it is fulfilled. */
  awardOn: 'paid' | 'fulfilled';
  /** Days the points stay pending after that (a return window); 0 = spendable at once. */
  approvalDays: number;
}

/** The contract's default: earned on `orders/paid`, spendable at once. */
export const IMMEDIATE_EARNING: EarningPolicy = { awardOn: 'paid', approvalDays: 0 };

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RefundFact {
  refundId: string;
  /** Sum of the refund's line item subtotals in the shop's currency, exact decimal string. */
  subtotal: string;
  createdAt: Date;
}

export interface OrderFact {
  orderId: string;
  /** `current_subtotal_price` in the shop's currency; null until `orders/paid` arrives (the order earns nothing yet). */
  subtotal: string | null;
  /** Points per currency unit when the order was first paid; null means 1. */
  pointsPerCurrencyUnit: string | null;
  /**
   * The tiers in force when the order was first paid (ascending by threshold): the order earns at the multiplier
   * these give, so later tier edits do not re-rate it. Null or absent: the current tiers.
   */
  tiers?: readonly TierThreshold[] | null;
  /** The earning policy when the order was first paid. Null or absent: IMMEDIATE_EARNING. */
  policy?: EarningPolicy | null;
  /** When the order was (first) fulfilled; only needed when its policy awards on fulfilment. */
  fulfilledAt?: Date | null;
  /** `processed_at`, else `created_at`. */
  processedAt: Date | null;
  cancelledAt: Date | null;
  refunds: readonly RefundFact[];
}

export interface RefundPoints {
  refundId: string;
  takenBack: number;
}

/** What one paid order earned and what was taken back from it. */
export interface OrderPoints {
  orderId: string;
  /** Multiplier of the tier the customer held just before the order, exact decimal string. */
  multiplier: string;
  earned: number;
  /** In the order they happened. */
  refunds: RefundPoints[];
  /** What the cancellation took back; null when the order is not cancelled. */
  cancellationTakenBack: number | null;
  /** Refunds plus cancellation; never more than `earned`. */
  takenBack: number;
}

/** An order whose points are not spendable yet (awaiting fulfilment or inside its approval period). */
export interface PendingOrder {
  orderId: string;
  /** What it will add when it becomes spendable, net of what its refunds took back so far. */
  points: number;
  /** When it becomes spendable; null while it waits for its fulfilment. */
  availableAt: Date | null;
}

export interface PointsResult<T extends TierRule> {
  /**
   * Orders whose points are spendable, chronologically: these are booked. Orders not paid yet are left out (their
   * refunds wait for them), and so are pending orders. A pending order refunded in full adds nothing spendable; when
   * its approval ends, its earning and its take-backs are booked side by side (net 0).
   */
  orders: OrderPoints[];
  /** Pending orders with points left, chronologically; nothing of them is booked or counts for tiers yet. */
  pending: PendingOrder[];
  /** The sum of `pending`. */
  pendingPoints: number;
  /** Earned minus taken back over all booked orders (the order part of the balance). */
  points: number;
  /** Earned minus taken back for orders processed in the window ending at `now`. */
  qualifyingPoints: number;
  tier: T | null;
  /**
   * When the result changes by the passing of time alone: the oldest order still counting leaves the window (the
   * tier may drop) or a pending order becomes spendable, whichever comes first; null if neither.
   */
  tierRecheckAt: Date | null;
  lastOrderAt: Date | null;
}

interface Takeback {
  at: number;
  amount: number;
}

interface Evaluated {
  at: number;
  /** When its points count (spendable, and for later orders' tiers); null: not known yet (awaiting fulfilment). */
  availableAt: number | null;
  /** Earned and spendable as soon as it is paid (the default policy). */
  immediate: boolean;
  points: OrderPoints;
  /** When each take-back happened, to know what an order still held at a given moment. */
  takebacks: Takeback[];
}

/** Results of pointsFor by its arguments: a settle re-evaluates a customer's whole history, the same products again. */
const pointsMemo = new Map<string, number>();
/** Entries kept at most; a full memo starts over (the arguments repeat within a burst, not across days). */
const POINTS_MEMO_LIMIT = 10_000;

/**
 * The most points one order (or one refund) can count for: the largest value of the int4 columns they are booked in
 * (`loyalty_orders.points_earned`, `ledger_entries.delta`), so no single order overflows them, whatever its amount
 * (up to what the amount columns hold, `MAX_AMOUNT` in payloads/fields.ts) and the program's rate and multiplier.
 */
export const MAX_ORDER_POINTS = 2_147_483_647;

/**
 * floor(amount × rate × multiplier), exact (decimal arithmetic, memoized: a pure function of its arguments), at most
 * MAX_ORDER_POINTS.
 */
export function pointsFor(amount: string, rate: string, multiplier: string): number {
  const key = `${amount}|${rate}|${multiplier}`;
  let points = pointsMemo.get(key);
  if (points === undefined) {
    points = Decimal.min(new ExactDecimal(amount).times(rate).times(multiplier).floor(), MAX_ORDER_POINTS).toNumber();
    if (pointsMemo.size >= POINTS_MEMO_LIMIT) pointsMemo.clear();
    pointsMemo.set(key, points);
  }
  return points;
}

/** Ties on the timestamp are broken by the order id (numerically when both are numeric), so the result is stable. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function evaluateTakebacks(
  order: OrderFact,
  earned: number,
  rate: string,
  multiplier: string,
): Pick<OrderPoints, 'refunds' | 'cancellationTakenBack' | 'takenBack'> & { takebacks: Takeback[] } {
  type Event = { at: number; refund: RefundFact | null };
  const events: Event[] = order.refunds.map((refund) => ({ at: refund.createdAt.getTime(), refund }));
  if (order.cancelledAt) events.push({ at: order.cancelledAt.getTime(), refund: null });
  // At the same instant refunds come before the cancellation, which takes whatever is left.
  events.sort(
    (a, b) =>
      a.at - b.at ||
      (a.refund ? 0 : 1) - (b.refund ? 0 : 1) ||
      compareIds(a.refund?.refundId ?? '', b.refund?.refundId ?? ''),
  );

  let held = earned;
  const refunds: RefundPoints[] = [];
  const takebacks: Takeback[] = [];
  let cancellationTakenBack: number | null = null;
  for (const event of events) {
    const wanted = event.refund ? pointsFor(event.refund.subtotal, rate, multiplier) : held;
    const amount = Math.max(0, Math.min(wanted, held));
    held -= amount;
    takebacks.push({ at: event.at, amount });
    if (event.refund) refunds.push({ refundId: event.refund.refundId, takenBack: amount });
    else cancellationTakenBack = amount;
  }
  return { refunds, cancellationTakenBack, takenBack: earned - held, takebacks };
}

function isImmediate(policy: EarningPolicy): boolean {
  return policy.awardOn === 'paid' && policy.approvalDays <= 0;
}

/**
 * When an order processed at `processedAt` becomes spendable under `policy`: its award moment (processing, or
 * fulfilment) plus the approval days. Null while it awaits a fulfilment.
 */
export function availableAt(policy: EarningPolicy, processedAt: number, fulfilledAt: Date | null): number | null {
  const awardedAt = policy.awardOn === 'paid' ? processedAt : (fulfilledAt?.getTime() ?? null);
  return awardedAt === null ? null : awardedAt + Math.max(0, policy.approvalDays) * DAY_MS;
}

/** What `order` still counted for at `at`: nothing before it was spendable; take-backs by then are deducted. */
function heldAt(order: Evaluated, at: number): number {
  if (order.availableAt === null || order.availableAt > at) return 0;
  let held = order.points.earned;
  for (const takeback of order.takebacks) if (takeback.at <= at) held -= takeback.amount;
  return held;
}

/**
 * Evaluates a customer's orders chronologically. Each paid order earns
 * floor(subtotal × rate × multiplier of the tier held just before it), where that tier comes from the qualifying
 * points of the earlier orders in the window, net of what had been taken back by then, measured against the tiers
 * the order was paid under (`OrderFact.tiers`, else `tiers`). `tiers` (today's) ascend by threshold and give the
 * tier held now.
 *
 * At `now`, every known take-back counts (a fact the app knows has happened, even if its timestamp is a little
 * ahead of this clock), and an order counts while its `processedAt` is later than `now` minus the window.
 */
export function evaluatePoints<T extends TierRule>(
  facts: readonly OrderFact[],
  tiers: readonly T[],
  now: Date,
): PointsResult<T> {
  const paid = facts
    .filter((o): o is OrderFact & { subtotal: string; processedAt: Date } => o.subtotal !== null && o.processedAt !== null)
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || compareIds(a.orderId, b.orderId));

  const evaluated: Evaluated[] = [];
  for (const order of paid) {
    const at = order.processedAt.getTime();
    let qualifyingBefore = 0;
    for (const earlier of evaluated) {
      if (earlier.at > at - QUALIFYING_WINDOW_MS) qualifyingBefore += heldAt(earlier, at);
    }
    const multiplier = tierFor(qualifyingBefore, order.tiers ?? tiers)?.multiplier ?? '1';
    const rate = order.pointsPerCurrencyUnit ?? '1';
    const earned = Math.max(0, pointsFor(order.subtotal, rate, multiplier));
    const { takebacks, ...takenBack } = evaluateTakebacks(order, earned, rate, multiplier);
    const policy = order.policy ?? IMMEDIATE_EARNING;
    evaluated.push({
      at,
      availableAt: availableAt(policy, at, order.fulfilledAt ?? null),
      immediate: isImmediate(policy),
      takebacks,
      points: { orderId: order.orderId, multiplier, earned, ...takenBack },
    });
  }

  const windowStart = now.getTime() - QUALIFYING_WINDOW_MS;
  let points = 0;
  let qualifyingPoints = 0;
  let recheckAt = Infinity;
  const booked: OrderPoints[] = [];
  const pending: PendingOrder[] = [];
  for (const order of evaluated) {
    const { at, points: result } = order;
    const net = result.earned - result.takenBack;
    // Immediate orders count at once, even one stamped a little after this clock.
    if (!order.immediate && (order.availableAt === null || order.availableAt > now.getTime())) {
      if (net > 0) pending.push({ orderId: result.orderId, points: net, availableAt: order.availableAt === null ? null : new Date(order.availableAt) });
      if (order.availableAt !== null) recheckAt = Math.min(recheckAt, order.availableAt);
      continue;
    }
    booked.push(result);
    points += net;
    if (at > windowStart) {
      qualifyingPoints += net;
      if (net > 0) recheckAt = Math.min(recheckAt, at + QUALIFYING_WINDOW_MS);
    }
  }
  const last = evaluated.at(-1);
  return {
    orders: booked,
    pending,
    pendingPoints: pending.reduce((sum, p) => sum + p.points, 0),
    points,
    qualifyingPoints,
    tier: tierFor(qualifyingPoints, tiers),
    tierRecheckAt: recheckAt === Infinity ? null : new Date(recheckAt),
    lastOrderAt: last ? new Date(last.at) : null,
  };
}
