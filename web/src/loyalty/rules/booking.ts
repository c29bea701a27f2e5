import { Decimal } from 'decimal.js';
import type { OrderPoints } from './points.js';

/**
 * Turns the difference between what is booked for a customer's orders and what the rules say now into ledger
 * entries. Pure: the keys depend only on the facts and the booked state, so a repeated settle plans nothing and a
 * settle retried after a crash plans the same entries.
 */

export interface BookedRefund {
  refundId: string;
  /** null: not booked yet. */
  pointsTakenBack: number | null;
}

export interface BookedOrder {
  orderId: string;
  /** null: the order's earning is not booked yet. */
  multiplier: string | null;
  pointsEarned: number;
  pointsTakenBack: number;
  /** null: no cancellation booked. */
  cancellationTakenBack: number | null;
  rerateRevision: number;
  refunds: readonly BookedRefund[];
}

export type BookingReason = 'order_earned' | 'order_rerated' | 'refund' | 'cancellation';

export interface PlannedEntry {
  delta: number;
  reason: BookingReason;
  sourceId: string;
  idempotencyKey: string;
}

export interface OrderBooking {
  orderId: string;
  multiplier: string;
  pointsEarned: number;
  pointsTakenBack: number;
  cancellationTakenBack: number | null;
  rerateRevision: number;
}

export interface RefundBooking {
  refundId: string;
  pointsTakenBack: number;
}

export interface BookingPlan {
  entries: PlannedEntry[];
  /** Orders whose booked state changes. */
  orders: OrderBooking[];
  /** Refunds whose booked amount changes. */
  refunds: RefundBooking[];
}

export const ledgerKeys = {
  earned: (orderId: string) => `order:${orderId}:earn`,
  rerated: (orderId: string, revision: number) => `order:${orderId}:rerate:${revision}`,
  refund: (refundId: string) => `refund:${refundId}`,
  cancellation: (orderId: string) => `cancel:${orderId}`,
};

const NOT_BOOKED: BookedOrder = {
  orderId: '',
  multiplier: null,
  pointsEarned: 0,
  pointsTakenBack: 0,
  cancellationTakenBack: null,
  rerateRevision: 0,
  refunds: [],
};

/**
 * First bookings get their own entry (`order_earned`, `refund`, `cancellation`, keyed by what caused them); later
 * changes to anything already booked (an order re-rated because an earlier order arrived late, and with it its
 * refunds) are summed into one `order_rerated` entry per order, keyed by the order's next revision. Zero deltas
 * book state but no entry.
 */
export function planBooking(booked: readonly BookedOrder[], target: readonly OrderPoints[]): BookingPlan {
  const bookedById = new Map(booked.map((b) => [b.orderId, b]));
  const plan: BookingPlan = { entries: [], orders: [], refunds: [] };

  for (const order of target) {
    const was = bookedById.get(order.orderId) ?? NOT_BOOKED;
    const entry = (delta: number, reason: BookingReason, sourceId: string, idempotencyKey: string) => {
      if (delta !== 0) plan.entries.push({ delta, reason, sourceId, idempotencyKey });
    };
    let rerated = 0;

    if (was.multiplier === null) entry(order.earned, 'order_earned', order.orderId, ledgerKeys.earned(order.orderId));
    else rerated += order.earned - was.pointsEarned;

    const bookedRefunds = new Map(was.refunds.map((r) => [r.refundId, r.pointsTakenBack]));
    for (const refund of order.refunds) {
      const before = bookedRefunds.get(refund.refundId) ?? null;
      if (before === refund.takenBack) continue;
      if (before === null) entry(-refund.takenBack, 'refund', refund.refundId, ledgerKeys.refund(refund.refundId));
      else rerated -= refund.takenBack - before;
      plan.refunds.push({ refundId: refund.refundId, pointsTakenBack: refund.takenBack });
    }

    if (order.cancellationTakenBack !== null) {
      if (was.cancellationTakenBack === null) {
        entry(-order.cancellationTakenBack, 'cancellation', order.orderId, ledgerKeys.cancellation(order.orderId));
      } else {
        rerated -= order.cancellationTakenBack - was.cancellationTakenBack;
      }
    }

    let revision = was.rerateRevision;
    if (rerated !== 0) {
      revision += 1;
      entry(rerated, 'order_rerated', order.orderId, ledgerKeys.rerated(order.orderId, revision));
    }

    const changed =
      was.multiplier === null ||
      !new Decimal(was.multiplier).eq(order.multiplier) ||
      was.pointsEarned !== order.earned ||
      was.pointsTakenBack !== order.takenBack ||
      was.cancellationTakenBack !== order.cancellationTakenBack ||
      revision !== was.rerateRevision;
    if (changed) {
      plan.orders.push({
        orderId: order.orderId,
        multiplier: order.multiplier,
        pointsEarned: order.earned,
        pointsTakenBack: order.takenBack,
        cancellationTakenBack: order.cancellationTakenBack,
        rerateRevision: revision,
      });
    }
  }
  return plan;
}
