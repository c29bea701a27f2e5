import { Decimal } from 'decimal.js';
import { tierFor, type TierRule } from './tiers.js';

/**
 * The points of one customer as a pure function of their order facts (CONTRACT.md, "The default program of a new
 * shop"). The facts are evaluated in the order things happened, whatever order they were delivered in, so every
 * delivery order ends in the same result.
 */

/** Qualifying points count for orders processed within this window before the moment looked at. */
export const QUALIFYING_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

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

export interface PointsResult<T extends TierRule> {
  /** Paid orders, chronologically. Orders not paid yet are left out (their refunds wait for them). */
  orders: OrderPoints[];
  /** Earned minus taken back over all orders (the order part of the balance). */
  points: number;
  /** Earned minus taken back for orders processed in the window ending at `now`. */
  qualifyingPoints: number;
  tier: T | null;
  /** When the oldest order still counting leaves the window (the tier may drop then); null if none counts. */
  tierRecheckAt: Date | null;
  lastOrderAt: Date | null;
}

interface Takeback {
  at: number;
  amount: number;
}

interface Evaluated {
  at: number;
  points: OrderPoints;
  /** When each take-back happened, to know what an order still held at a given moment. */
  takebacks: Takeback[];
}

/** floor(amount × rate × multiplier), exact. */
export function pointsFor(amount: string, rate: string, multiplier: string): number {
  return new Decimal(amount).times(rate).times(multiplier).floor().toNumber();
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

/** What `order` still counted for at `at`: take-backs that had happened by then are deducted. */
function heldAt(order: Evaluated, at: number): number {
  let held = order.points.earned;
  for (const takeback of order.takebacks) if (takeback.at <= at) held -= takeback.amount;
  return held;
}

/**
 * Evaluates a customer's orders chronologically. Each paid order earns
 * floor(subtotal × rate × multiplier of the tier held just before it), where that tier comes from the qualifying
 * points of the earlier orders in the window, net of what had been taken back by then. `tiers` ascend by threshold.
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
    const multiplier = tierFor(qualifyingBefore, tiers)?.multiplier ?? '1';
    const rate = order.pointsPerCurrencyUnit ?? '1';
    const earned = Math.max(0, pointsFor(order.subtotal, rate, multiplier));
    const { takebacks, ...takenBack } = evaluateTakebacks(order, earned, rate, multiplier);
    evaluated.push({ at, takebacks, points: { orderId: order.orderId, multiplier, earned, ...takenBack } });
  }

  const windowStart = now.getTime() - QUALIFYING_WINDOW_MS;
  let points = 0;
  let qualifyingPoints = 0;
  let recheckAt: number | null = null;
  for (const { at, points: order } of evaluated) {
    const net = order.earned - order.takenBack;
    points += net;
    if (at > windowStart) {
      qualifyingPoints += net;
      if (net > 0 && recheckAt === null) recheckAt = at + QUALIFYING_WINDOW_MS;
    }
  }
  const last = evaluated.at(-1);
  return {
    orders: evaluated.map((e) => e.points),
    points,
    qualifyingPoints,
    tier: tierFor(qualifyingPoints, tiers),
    tierRecheckAt: recheckAt === null ? null : new Date(recheckAt),
    lastOrderAt: last ? new Date(last.at) : null,
  };
}
