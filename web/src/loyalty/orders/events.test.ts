import { describe, expect, it } from 'vitest';
import { mergeEvents, type OrderEvent } from './events.js';
import type { OrderFacts } from './payloads.js';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day));

function order(orderId: string, extra: Partial<OrderFacts> = {}): OrderFacts {
  return { orderId, name: `#${orderId}`, customer: { customerId: 'c1' }, subtotal: '10.00', processedAt: at(0), cancelledAt: null, ...extra };
}
const paid = (o: OrderFacts): OrderEvent => ({ kind: 'paid', order: { ...o, subtotal: o.subtotal ?? '0' } });
const cancelled = (o: OrderFacts, day: number): OrderEvent => ({ kind: 'cancelled', order: { ...o, cancelledAt: at(day) } });
const fulfilled = (o: OrderFacts, day: number): OrderEvent => ({ kind: 'fulfilled', order: { ...o, fulfilledAt: at(day) } });
const refund = (refundId: string, orderId: string): OrderEvent => ({
  kind: 'refund',
  refund: { refundId, orderId, subtotal: '1.00', createdAt: at(1) },
});

describe('mergeEvents', () => {
  it('keeps one row per order: first subtotal of a paid event, first cancellation, paid if any event was', () => {
    const merged = mergeEvents([
      cancelled(order('1', { subtotal: '0.00' }), 3),
      paid(order('1', { subtotal: '25.00' })),
      paid(order('1', { subtotal: '20.00' })),
      cancelled(order('1'), 4),
    ]);
    expect(merged.orders).toEqual([
      { orderId: '1', customerId: 'c1', name: '#1', subtotal: '25.00', processedAt: at(0), paid: true, cancelledAt: at(3), fulfilledAt: null },
    ]);
  });

  it('keeps the first fulfilment and takes neither a subtotal nor payment from it', () => {
    const merged = mergeEvents([fulfilled(order('1'), 2), fulfilled(order('1'), 5)]);
    expect(merged.orders).toEqual([
      { orderId: '1', customerId: 'c1', name: '#1', subtotal: null, processedAt: at(0), paid: false, cancelledAt: null, fulfilledAt: at(2) },
    ]);
  });

  it('does not take a subtotal from a cancellation', () => {
    expect(mergeEvents([cancelled(order('1'), 2)]).orders[0]).toMatchObject({ subtotal: null, paid: false });
  });

  it('keeps each refund once and asks for the customers of orders only refunds name', () => {
    const merged = mergeEvents([refund('r1', '7'), refund('r1', '7'), refund('r2', '8'), paid(order('8'))]);
    expect(merged.refunds.map((r) => r.refundId)).toEqual(['r1', 'r2']);
    expect(merged.orders.map((o) => [o.orderId, o.customerId])).toEqual([
      ['7', null],
      ['8', 'c1'],
    ]);
    expect(merged.ordersWithoutCustomer).toEqual(['7']);
  });

  it('merges profiles per customer, later values winning and missing ones kept', () => {
    const merged = mergeEvents([
      paid(order('1', { customer: { customerId: 'c1', email: 'old@example.com', firstName: 'Ada' } })),
      paid(order('2', { customer: { customerId: 'c1', email: 'new@example.com' } })),
      paid(order('3', { customer: null })),
    ]);
    expect(merged.profiles).toEqual([
      { customerId: 'c1', email: 'new@example.com', firstName: 'Ada', lastName: undefined, locale: undefined },
    ]);
    expect(merged.orders.find((o) => o.orderId === '3')?.customerId).toBeNull();
  });
});
