import { describe, expect, it } from 'vitest';
import { planBooking, type BookedOrder, type BookingPlan } from './booking.js';
import type { OrderPoints } from './points.js';

function target(orderId: string, multiplier: string, earned: number, extra: Partial<OrderPoints> = {}): OrderPoints {
  const points = { orderId, multiplier, earned, refunds: [], cancellationTakenBack: null, takenBack: 0, ...extra };
  const takenBack = points.refunds.reduce((sum, r) => sum + r.takenBack, 0) + (points.cancellationTakenBack ?? 0);
  return { ...points, takenBack };
}

/** The booked state a plan leaves, as the repository would store it. */
function bookedAfter(plan: BookingPlan, order: OrderPoints): BookedOrder {
  const o = plan.orders.find((b) => b.orderId === order.orderId);
  if (!o) throw new Error('order not booked');
  return { ...o, refunds: order.refunds.map((r) => ({ refundId: r.refundId, pointsTakenBack: r.takenBack })) };
}

const entries = (plan: BookingPlan) => plan.entries.map((e) => [e.reason, e.delta, e.idempotencyKey, e.sourceId]);

describe('planBooking', () => {
  it.each<{ name: string; booked: BookedOrder[]; target: OrderPoints[]; expected: unknown[] }>([
    {
      name: 'a new order earns once',
      booked: [],
      target: [target('1', '1', 100)],
      expected: [['order_earned', 100, 'order:1:earn', '1']],
    },
    {
      name: 'a new refund and a new cancellation get their own entries',
      booked: [
        { orderId: '1', multiplier: '1.0000', pointsEarned: 100, pointsTakenBack: 0, cancellationTakenBack: null, rerateRevision: 0, refunds: [] },
      ],
      target: [target('1', '1', 100, { refunds: [{ refundId: 'r1', takenBack: 30 }], cancellationTakenBack: 70 })],
      expected: [
        ['refund', -30, 'refund:r1', 'r1'],
        ['cancellation', -70, 'cancel:1', '1'],
      ],
    },
    {
      name: 'a refund waiting for its order is booked with the order',
      booked: [
        { orderId: '1', multiplier: null, pointsEarned: 0, pointsTakenBack: 0, cancellationTakenBack: null, rerateRevision: 0, refunds: [{ refundId: 'r1', pointsTakenBack: null }] },
      ],
      target: [target('1', '1', 100, { refunds: [{ refundId: 'r1', takenBack: 30 }] })],
      expected: [
        ['order_earned', 100, 'order:1:earn', '1'],
        ['refund', -30, 'refund:r1', 'r1'],
      ],
    },
    {
      name: 'a re-rated order books its and its refunds\u2019 difference in one entry at the next revision',
      booked: [
        { orderId: '2', multiplier: '1', pointsEarned: 100, pointsTakenBack: 10, cancellationTakenBack: null, rerateRevision: 1, refunds: [{ refundId: 'r1', pointsTakenBack: 10 }] },
      ],
      target: [target('2', '1.25', 125, { refunds: [{ refundId: 'r1', takenBack: 12 }] })],
      expected: [['order_rerated', 23, 'order:2:rerate:2', '2']],
    },
    {
      name: 'a re-rated cancelled order nets to zero: no entry',
      booked: [
        { orderId: '3', multiplier: '1', pointsEarned: 100, pointsTakenBack: 100, cancellationTakenBack: 100, rerateRevision: 0, refunds: [] },
      ],
      target: [target('3', '1.5', 150, { cancellationTakenBack: 150 })],
      expected: [],
    },
    {
      name: 'zero points book no entry',
      booked: [],
      target: [target('4', '1', 0, { cancellationTakenBack: 0 })],
      expected: [],
    },
  ])('$name', ({ booked, target: points, expected }) => {
    expect(entries(planBooking(booked, points))).toEqual(expected);
  });

  it('plans nothing once everything is booked', () => {
    const points = [
      target('1', '1', 100, { refunds: [{ refundId: 'r1', takenBack: 30 }] }),
      target('2', '1.25', 125, { cancellationTakenBack: 125 }),
    ];
    const first = planBooking([], points);
    const booked = points.map((p) => bookedAfter(first, p));
    expect(planBooking(booked, points)).toEqual({ entries: [], orders: [], refunds: [] });
  });

  it('records the new booked state', () => {
    const plan = planBooking([], [target('1', '1.25', 125, { refunds: [{ refundId: 'r1', takenBack: 12 }] })]);
    expect(plan.orders).toEqual([
      { orderId: '1', multiplier: '1.25', pointsEarned: 125, pointsTakenBack: 12, cancellationTakenBack: null, rerateRevision: 0 },
    ]);
    expect(plan.refunds).toEqual([{ refundId: 'r1', pointsTakenBack: 12 }]);
  });

  it('treats equal decimals as the same multiplier', () => {
    const booked: BookedOrder = {
      orderId: '1', multiplier: '1.2500', pointsEarned: 125, pointsTakenBack: 0, cancellationTakenBack: null, rerateRevision: 0, refunds: [],
    };
    expect(planBooking([booked], [target('1', '1.25', 125)]).orders).toEqual([]);
  });
});
