import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.js';
import { evaluatePoints } from '../rules/points.js';
import { InvalidPayloadError } from './errors.js';
import { applyOrderEvents } from './apply.js';
import type { OrderEvent } from './events.js';
import { parseOrderCancelled, parseOrderPaid, parseRefundCreated } from './payloads.js';
import { handleOrderCancelled, handleOrderFulfilled, handleOrderPaid, handleRefundCreated } from './service.js';
import { orderPayload, refundPayload } from './test-payloads.js';
import { DAY, day, paid, useLoyaltyShop } from '../test-fixture.js';
import { permutations } from '../../../test/permutations.js';

const fx = useLoyaltyShop('points-test.myshopify.com');
const { newId, member } = fx;

/** "Now" for the handlers: a month after T0, so every order is in the window. */
const NOW = day(30);

async function ledger(customerId: number) {
  const m = await member(customerId);
  if (!m) return [];
  const entries = await fx.db.ledgerEntry.findMany({ where: { memberId: m.id }, orderBy: { id: 'asc' } });
  // A tier change (delta 0) shows as its note, e.g. ['tier_changed', 'Bronze → Silver'].
  return entries.map((e) => [e.reason, e.reason === 'tier_changed' ? e.note : e.delta]);
}
const cancelled = (id: number, customerId: number | null, subtotal: string, at: Date, cancelledAt: Date) =>
  orderPayload({ id, customerId, subtotal, processedAt: at, cancelledAt });

describe('orders/paid', () => {
  it('credits floor(subtotal) in the shop currency and stores the customer', async () => {
    const customer = newId();
    await handleOrderPaid(
      fx.db,
      fx.shop,
      orderPayload({ id: newId(), customerId: customer, subtotal: '49.99', presentmentSubtotal: '55.10', processedAt: day(0), firstName: 'Max' }),
      NOW,
    );
    const m = await member(customer);
    expect(m).toMatchObject({ points: 49, qualifyingPoints: 49, email: `customer${customer}@example.com`, firstName: 'Max', lastName: 'Mustermann', locale: 'de-DE' });
    expect(m?.tier?.key).toBe('bronze');
    expect(m?.lastOrderAt).toEqual(day(0));
    expect(m?.tierRecheckAt).toEqual(new Date(day(0).getTime() + 365 * DAY));
    expect(await ledger(customer)).toEqual([['order_earned', 49]]);
  });

  it('computes in exact decimals: an amount with more places than money has is stored and floored as sent', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.99999', day(0)), NOW);
    const fact = await fx.db.loyaltyOrder.findUniqueOrThrow({ where: { shopId_orderId: { shopId: fx.shop.id, orderId: String(order) } } });
    expect(fact.subtotal?.toFixed()).toBe('100.99999');
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['10.00004', '0.99995'] }), NOW);
    // floor(100.99999) = 100 earned; floor(10.00004 + 0.99995 = 10.99999) = 10 taken back (amounts rounded to four
    // places first, as numeric(18,4) stored them, made it 101 and 11).
    expect(await ledger(customer)).toEqual([['order_earned', 100], ['refund', -10]]);
  });

  it('earns once for duplicate deliveries, even a later one with another subtotal', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '80.00', day(0)), NOW);
    expect((await member(customer))?.points).toBe(100);
    expect(await ledger(customer)).toEqual([['order_earned', 100]]);
  });

  it('stores an order without customer and credits nobody', async () => {
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, null, '100.00', day(0)), NOW);
    const fact = await fx.db.loyaltyOrder.findUniqueOrThrow({ where: { shopId_orderId: { shopId: fx.shop.id, orderId: String(order) } } });
    expect(fact.customerId).toBeNull();
    expect(fact.subtotal?.toString()).toBe('100');
    expect(await fx.db.ledgerEntry.count({ where: { sourceId: String(order) } })).toBe(0);
  });

  it('moves up at 500 and 2000 and earns the next order at the new multiplier', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '500.00', day(0)), NOW);
    expect((await member(customer))?.tier?.key).toBe('silver');
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '19.99', day(1)), NOW); // 24 at ×1.25
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '1180.00', day(2)), NOW); // 1475 → 1999
    expect((await member(customer))?.tier?.key).toBe('silver');
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '0.80', day(3)), NOW); // 1 → 2000
    expect((await member(customer))?.tier?.key).toBe('gold');
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '100.00', day(4)), NOW); // 150 at ×1.5
    expect(await ledger(customer)).toEqual([
      ['order_earned', 500],
      ['tier_changed', 'Bronze → Silver'],
      ['order_earned', 24],
      ['order_earned', 1475],
      ['order_earned', 1],
      ['tier_changed', 'Silver → Gold'],
      ['order_earned', 150],
    ]);
    expect(await member(customer)).toMatchObject({ points: 2150, qualifyingPoints: 2150 });
  });

  it('re-rates a later order when an earlier one arrives late', async () => {
    const customer = newId();
    const later = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(later, customer, '100.00', day(10)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '600.00', day(5)), NOW);
    expect(await ledger(customer)).toEqual([
      ['order_earned', 100],
      ['order_earned', 600],
      ['order_rerated', 25],
      ['tier_changed', 'Bronze → Silver'],
    ]);
    expect((await member(customer))?.points).toBe(725);
    const fact = await fx.db.loyaltyOrder.findUniqueOrThrow({ where: { shopId_orderId: { shopId: fx.shop.id, orderId: String(later) } } });
    expect([fact.multiplier?.toString(), fact.pointsEarned, fact.rerateRevision]).toEqual(['1.25', 125, 1]);
  });

  it('keeps the earning rate of the first paid event', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '10.00', day(0)), NOW);
    await fx.db.program.update({ where: { shopId: fx.shop.id }, data: { pointsPerCurrencyUnit: '3' } });
    try {
      await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '10.00', day(0)), NOW);
      await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '10.00', day(1)), NOW);
    } finally {
      await fx.db.program.update({ where: { shopId: fx.shop.id }, data: { pointsPerCurrencyUnit: '1' } });
    }
    expect(await ledger(customer)).toEqual([
      ['order_earned', 10],
      ['order_earned', 30],
    ]);
  });
});

describe('program edits', () => {
  it('apply to new orders only: a tier edit re-rates nothing already booked', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '600.00', day(0)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '100.00', day(1)), NOW); // 125 at Silver ×1.25
    const silver = await fx.db.tier.findFirstOrThrow({ where: { shopId: fx.shop.id, key: 'silver' } });
    await fx.db.tier.update({ where: { id: silver.id }, data: { multiplier: '2' } });
    try {
      // A refund settles the customer again under the edited tiers: the booked orders keep their multiplier.
      const late = newId();
      await handleOrderPaid(fx.db, fx.shop, paid(late, customer, '100.00', day(2)), NOW);
      await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: late, createdAt: day(3), lines: ['10.00'] }), NOW);
      expect(await ledger(customer)).toEqual([
        ['order_earned', 600],
        ['tier_changed', 'Bronze → Silver'],
        ['order_earned', 125],
        ['order_earned', 200], // paid after the edit: ×2
        ['refund', -20],
      ]);
    } finally {
      await fx.db.tier.update({ where: { id: silver.id }, data: { multiplier: silver.multiplier } });
    }
  });
});

describe('refunds and cancellations', () => {
  it('takes a refund back once, at the multiplier the order earned at', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '500.00', day(0)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(1)), NOW); // 125
    const refund = refundPayload({ id: newId(), orderId: order, createdAt: day(2), lines: ['10.00', '5.00'] });
    await handleRefundCreated(fx.db, fx.shop, refund, NOW);
    await handleRefundCreated(fx.db, fx.shop, refund, NOW);
    expect(await ledger(customer)).toEqual([
      ['order_earned', 500],
      ['tier_changed', 'Bronze → Silver'],
      ['order_earned', 125],
      ['refund', -18], // floor(15 × 1.25)
    ]);
    expect((await member(customer))?.points).toBe(607);
  });

  it('never takes back more than the order earned', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['70.00'] }), NOW);
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(2), lines: ['70.00'] }), NOW);
    expect(await ledger(customer)).toEqual([
      ['order_earned', 100],
      ['refund', -70],
      ['refund', -30],
    ]);
  });

  it('cancels once, taking what the order still holds', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['30.00'] }), NOW);
    const cancel = cancelled(order, customer, '100.00', day(0), day(2));
    await handleOrderCancelled(fx.db, fx.shop, cancel, NOW);
    await handleOrderCancelled(fx.db, fx.shop, cancel, NOW);
    expect(await ledger(customer)).toEqual([
      ['order_earned', 100],
      ['refund', -30],
      ['cancellation', -70],
    ]);
    expect((await member(customer))?.points).toBe(0);
  });

  it('keeps a refund and a cancellation that come before the order, and applies them when it arrives', async () => {
    const customer = newId();
    const order = newId();
    const other = newId();
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['40.00'] }), NOW);
    expect(await member(customer)).toBeNull();
    await handleOrderCancelled(fx.db, fx.shop, cancelled(other, customer, '50.00', day(0), day(1)), NOW);
    expect((await member(customer))?.points).toBe(0);

    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleOrderPaid(fx.db, fx.shop, paid(other, customer, '50.00', day(0)), NOW);
    expect(await ledger(customer)).toEqual([
      ['order_earned', 100],
      ['refund', -40],
      ['order_earned', 50],
      ['cancellation', -50],
    ]);
    expect(await member(customer)).toMatchObject({ points: 60, qualifyingPoints: 60 });
  });

  it('ends every delivery order of [paid A, paid B, refund A, cancel B] in the same state', async () => {
    type Step = (customer: number, a: number, b: number, refundId: number) => Promise<void>;
    const steps: Record<string, Step> = {
      paidA: (c, a) => handleOrderPaid(fx.db, fx.shop, paid(a, c, '600.00', day(0)), NOW),
      paidB: (c, _a, b) => handleOrderPaid(fx.db, fx.shop, paid(b, c, '100.00', day(1)), NOW),
      refundA: (_c, a, _b, r) =>
        handleRefundCreated(fx.db, fx.shop, refundPayload({ id: r, orderId: a, createdAt: day(2), lines: ['150.00', '50.00'] }), NOW),
      cancelB: (c, _a, b) => handleOrderCancelled(fx.db, fx.shop, cancelled(b, c, '100.00', day(1), day(3)), NOW),
    };
    const outcomes = new Set<string>();
    for (const order of permutations(Object.keys(steps))) {
      const [customer, a, b, refundId] = [newId(), newId(), newId(), newId()];
      for (const name of order) await steps[name]?.(customer, a, b, refundId);
      const m = await member(customer);
      outcomes.add(JSON.stringify([m?.points, m?.qualifyingPoints, m?.tier?.key, m?.tierRecheckAt]));
    }
    // A 600 at ×1; B 125 at ×1.25 (600 held before it); refund A −200; cancel B −125.
    expect([...outcomes]).toEqual([JSON.stringify([400, 400, 'bronze', new Date(day(0).getTime() + 365 * DAY)])]);
  });
});

describe('concurrency', () => {
  it('counts 20 parallel orders of one customer exactly, tiers included', async () => {
    const customer = newId();
    const orders = Array.from({ length: 20 }, (_, i) => ({ id: newId(), subtotal: '30.00', at: day(i) }));
    await Promise.all(orders.map((o) => handleOrderPaid(fx.db, fx.shop, paid(o.id, customer, o.subtotal, o.at), NOW)));
    const expected = evaluatePoints(
      orders.map((o) => ({ orderId: String(o.id), subtotal: o.subtotal, pointsPerCurrencyUnit: '1', processedAt: o.at, cancelledAt: null, refunds: [] })),
      [{ id: 0, name: 'b', threshold: 0, multiplier: '1' }, { id: 1, name: 's', threshold: 500, multiplier: '1.25' }],
      NOW,
    );
    expect(expected.points).toBe(17 * 30 + 3 * 37); // the 18th order onwards earns at Silver
    const m = await member(customer);
    expect(m).toMatchObject({ points: expected.points, qualifyingPoints: expected.points });
    const entries = await fx.db.ledgerEntry.findMany({ where: { memberId: m?.id } });
    expect(entries.reduce((sum, e) => sum + e.delta, 0)).toBe(expected.points);
    expect(entries.filter((e) => e.reason === 'order_earned')).toHaveLength(20);
  });

  it('earns once when the same order is delivered in parallel, with its refund racing it', async () => {
    const customer = newId();
    const order = newId();
    await Promise.all([
      ...Array.from({ length: 6 }, () => handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW)),
      handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['25.00'] }), NOW),
      handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['5.00'] }), NOW),
    ]);
    expect((await member(customer))?.points).toBe(70);
  });
  type Delivery = { kind: 'paid' | 'cancelled' | 'refund'; payload: Record<string, unknown> };
  const viaHandlers = (target: (i: number) => Db) => (d: Delivery, i: number) => {
    const handler = { paid: handleOrderPaid, cancelled: handleOrderCancelled, refund: handleRefundCreated }[d.kind];
    return handler(target(i), fx.shop, d.payload, NOW);
  };
  const asEvent = (d: Delivery): OrderEvent =>
    d.kind === 'paid' ? { kind: 'paid', order: parseOrderPaid(d.payload) }
      : d.kind === 'cancelled' ? { kind: 'cancelled', order: parseOrderCancelled(d.payload) }
        : { kind: 'refund', refund: parseRefundCreated(d.payload) };

  it.each<[string, (workers: Db[]) => (d: Delivery, i: number) => Promise<void>]>([
    ['coalesced by one worker', () => viaHandlers(() => fx.db)],
    ['each in its own transaction', () => (d) => applyOrderEvents(fx.db, fx.shop.id, [asEvent(d)], NOW)],
    ['spread over four workers', (workers) => viaHandlers((i) => workers[i % workers.length] as Db)],
  ])('ends a storm of mixed parallel deliveries for one customer exactly as evaluated, %s', async (_name, mode) => {
    const customer = newId();
    const orders = Array.from({ length: 12 }, (_, i) => ({
      id: newId(),
      subtotal: `${100 + i * 37}.${String(i * 7).padStart(2, '0')}`,
      at: day((i * 5) % 17),
      refund: i % 3 === 0 ? { id: newId(), subtotal: '40.00', at: day(((i * 5) % 17) + 2) } : null,
      cancelledAt: i % 4 === 1 ? day(((i * 5) % 17) + 3) : null,
    }));
    const deliveries: Delivery[] = orders.flatMap((o) => [
      { kind: 'paid' as const, payload: paid(o.id, customer, o.subtotal, o.at) },
      { kind: 'paid' as const, payload: paid(o.id, customer, o.subtotal, o.at) },
      ...(o.refund ? [{ kind: 'refund' as const, payload: refundPayload({ id: o.refund.id, orderId: o.id, createdAt: o.refund.at, lines: [o.refund.subtotal] }) }] : []),
      ...(o.cancelledAt ? [{ kind: 'cancelled' as const, payload: cancelled(o.id, customer, o.subtotal, o.at, o.cancelledAt) }] : []),
    ]);
    // A fixed shuffle, so refunds and cancellations often come before their orders.
    const shuffled = deliveries.map((d, i) => ({ d, k: (i * 7919) % 31 })).sort((a, b) => a.k - b.k).map((x) => x.d);
    const workers = Array.from({ length: 4 }, () => createDb(fx.databaseUrl, { poolSize: 4 }));
    try {
      const deliver = mode(workers);
      await Promise.all(shuffled.map((d, i) => deliver(d, i)));
    } finally {
      await Promise.all(workers.map((w) => w.$disconnect()));
    }

    const expected = evaluatePoints(
      orders.map((o) => ({
        orderId: String(o.id), subtotal: o.subtotal, pointsPerCurrencyUnit: '1', processedAt: o.at, cancelledAt: o.cancelledAt,
        refunds: o.refund ? [{ refundId: String(o.refund.id), subtotal: o.refund.subtotal, createdAt: o.refund.at }] : [],
      })),
      (await fx.db.tier.findMany({ where: { shopId: fx.shop.id }, orderBy: { threshold: 'asc' } })).map((t) => ({ ...t, multiplier: t.multiplier.toString() })),
      NOW,
    );
    const m = await member(customer);
    expect(m).toMatchObject({ points: expected.points, qualifyingPoints: expected.qualifyingPoints, tierId: expected.tier?.id });
    expect((await ledger(customer)).reduce((sum, [reason, delta]) => (reason === 'tier_changed' ? sum : sum + Number(delta)), 0)).toBe(expected.points);
  });

  it('counts orders of one customer applied in separate parallel transactions', async () => {
    const customer = newId();
    const orders = Array.from({ length: 20 }, (_, i) => ({ id: newId(), at: day(i) }));
    await Promise.all(
      orders.map((o) => applyOrderEvents(fx.db, fx.shop.id, [{ kind: 'paid', order: parseOrderPaid(paid(o.id, customer, '30.00', o.at)) }], NOW)),
    );
    expect(await member(customer)).toMatchObject({ points: 17 * 30 + 3 * 37, qualifyingPoints: 17 * 30 + 3 * 37 });
  });

  it('fails only the event that cannot be stored when events share a batch', async () => {
    const customer = newId();
    const results = await Promise.allSettled([
      handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '10.00', day(0)), NOW),
      handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '100000000000000000000.00', day(0)), NOW), // beyond numeric(18,4)
      handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '20.00', day(1)), NOW),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await member(customer))?.points).toBe(30);
  });
});

describe('applyOrderEvents', () => {
  it('merges one batch holding duplicates, a refund and a cancellation of the same orders', async () => {
    const customer = newId();
    const [a, b] = [newId(), newId()];
    await applyOrderEvents(
      fx.db,
      fx.shop.id,
      [
        { kind: 'refund', refund: parseRefundCreated(refundPayload({ id: newId(), orderId: a, createdAt: day(2), lines: ['100.00'] })) },
        { kind: 'paid', order: parseOrderPaid(paid(a, customer, '600.00', day(0))) },
        { kind: 'cancelled', order: parseOrderCancelled(cancelled(b, customer, '100.00', day(1), day(3))) },
        { kind: 'paid', order: parseOrderPaid(paid(a, customer, '600.00', day(0))) },
        { kind: 'paid', order: parseOrderPaid(paid(b, customer, '100.00', day(1))) },
      ],
      NOW,
    );
    expect(await ledger(customer)).toEqual([
      ['order_earned', 600],
      ['refund', -100],
      ['order_earned', 125],
      ['cancellation', -125],
      ['tier_changed', 'Bronze → Silver'],
    ]);
    expect(await member(customer)).toMatchObject({ points: 500, qualifyingPoints: 500, tier: { key: 'silver' } });
  });
});

describe('invalid payloads', () => {
  it.each([
    ['not an object', () => handleOrderPaid(fx.db, fx.shop, 'nope'), /payload/],
    ['no subtotal', () => handleOrderPaid(fx.db, fx.shop, { id: 1, created_at: day(0).toISOString() }), /current_subtotal_price/],
    ['a bad order id', () => handleOrderPaid(fx.db, fx.shop, { ...paid(1, 1, '1.00', day(0)), id: 'x' }), /: id: /],
    ['a bad timestamp', () => handleOrderPaid(fx.db, fx.shop, { ...paid(1, 1, '1.00', day(0)), processed_at: 'soon' }), /processed_at/],
    ['a negative subtotal', () => handleOrderPaid(fx.db, fx.shop, paid(1, 1, '-1.00', day(0))), /current_subtotal_price/],
    ['a cancellation without cancelled_at', () => handleOrderCancelled(fx.db, fx.shop, paid(1, 1, '1.00', day(0))), /cancelled_at/],
    ['a refund line without subtotal', () =>
      handleRefundCreated(fx.db, fx.shop, { id: 1, order_id: 2, created_at: day(0).toISOString(), refund_line_items: [{ quantity: 1 }] }),
      /refund_line_items\.0\.subtotal/],
    ['a refund without order_id', () =>
      handleRefundCreated(fx.db, fx.shop, { id: 1, created_at: day(0).toISOString(), refund_line_items: [] }), /order_id/],
    // Values the columns cannot hold: refused as poison before anything is written, not failed in the database as a
    // transient error (retried for hours, then lost).
    ...['100000000000000', 1e300].map((subtotal): [string, () => Promise<void>, RegExp] => [
      `a subtotal of ${subtotal}`,
      () => handleOrderPaid(fx.db, fx.shop, { ...paid(newId(), newId(), '1.00', day(0)), current_subtotal_price_set: null, current_subtotal_price: subtotal }),
      /current_subtotal_price: is above 99999999999999\.9999/,
    ]),
    ['a created_at in year 0', () => handleOrderPaid(fx.db, fx.shop, { ...paid(newId(), newId(), '1.00', day(0)), processed_at: null, created_at: '0000-01-01T00:00:00Z' }),
      /created_at: is outside 1970 to 9000/],
    ['a processed_at in a six-digit year', () => handleOrderPaid(fx.db, fx.shop, { ...paid(newId(), newId(), '1.00', day(0)), processed_at: '+275760-09-13T00:00:00Z' }),
      /processed_at: is outside 1970 to 9000/],
    ['a cancelled_at in year 0', () => handleOrderCancelled(fx.db, fx.shop, { ...paid(newId(), newId(), '1.00', day(0)), cancelled_at: '0000-01-01T00:00:00Z' }),
      /cancelled_at: is outside 1970 to 9000/],
    ['a fulfilment in a six-digit year', () =>
      handleOrderFulfilled(fx.db, fx.shop, { ...paid(newId(), newId(), '1.00', day(0)), fulfillments: [{ created_at: '+275760-09-13T00:00:00Z' }] }),
      /fulfillments\.0\.created_at: is outside 1970 to 9000/],
    ['a refund line beyond numeric(18,4)', () =>
      handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: newId(), createdAt: day(1), lines: ['99999999999999999.99'] })),
      /subtotal.*: is above 99999999999999\.9999/],
  ])('rejects %s', async (_name, run, message) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as Error).message).toMatch(message);
  });
});
