import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import { handleOrderCancelled, handleOrderFulfilled, handleOrderPaid, handleRefundCreated } from '../loyalty/orders/service.js';
import { orderPayload, refundPayload } from '../loyalty/orders/test-payloads.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { testContext } from '../webhooks/test-support.js';
import { expireInactivePoints } from './expire.js';
import { bookAt, days, expireAfter } from './test-support.js';

/**
 * A take-back after an expiry: the points it takes had expired already, so it gives them back (up to what it takes and
 * what expired), never counting them twice; the engine and the expiry job on real Postgres.
 */
let database: TestDatabase;
let ctx: AppContext;
let shop: ShopRecord;
let nextId = 5000;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = testContext(database.url);
  shop = await ensureShop(ctx.db, 'expiry-returns.myshopify.com');
  await expireAfter(ctx.db, shop.id, 3);
});

afterAll(async () => {
  await ctx?.db.$disconnect();
  await database?.drop();
});

const PLACED = new Date(Date.now() - days(200));
/** Four months from now: everything booked today lies more than three months back. */
const expire = () => expireInactivePoints(ctx, { now: () => new Date(Date.now() + days(124)) });

async function ledger(customerId: number) {
  const m = await ctx.db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: String(customerId) } });
  const entries = await ctx.db.ledgerEntry.findMany({ where: { memberId: m.id, delta: { not: 0 } }, orderBy: { id: 'asc' } });
  return { points: m.points, entries: entries.map((e) => [e.reason, e.delta]) };
}

async function orderOf(customerId: number, subtotal: string, placed = PLACED): Promise<number> {
  const id = nextId++;
  await handleOrderPaid(ctx.db, shop, orderPayload({ id, customerId, subtotal, processedAt: placed }));
  return id;
}

describe('a take-back after an expiry', () => {
  it('a refund of an order whose points expired gives them back: no second take', async () => {
    const customer = nextId++;
    const order = await orderOf(customer, '100.00');
    expect((await expire()).points).toBeGreaterThanOrEqual(100);
    await handleRefundCreated(ctx.db, shop, refundPayload({ id: nextId++, orderId: order, createdAt: new Date(), lines: ['100.00'] }));
    expect(await ledger(customer)).toEqual({
      points: 0,
      entries: [['order_earned', 100], ['points_expired', -100], ['refund', -100], ['points_expiry_returned', 100]],
    });
  });

  it('points spent before the expiry stay taken back; only what expired comes back, once', async () => {
    const customer = nextId++;
    const order = await orderOf(customer, '100.00');
    const member = await ctx.db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: String(customer) } });
    await bookAt(ctx.db, shop.id, member.id, -60, 'redemption', PLACED);
    await expire();
    await handleOrderCancelled(ctx.db, shop, orderPayload({ id: order, customerId: customer, subtotal: '100.00', processedAt: PLACED, cancelledAt: new Date() }));
    // Delivered again: nothing more.
    await handleOrderCancelled(ctx.db, shop, orderPayload({ id: order, customerId: customer, subtotal: '100.00', processedAt: PLACED, cancelledAt: new Date() }));
    expect(await ledger(customer)).toEqual({
      points: -60,
      entries: [['order_earned', 100], ['redemption', -60], ['points_expired', -40], ['cancellation', -100], ['points_expiry_returned', 40]],
    });
  });

  it('an order placed after the expiry held none of the expired points: its refund gives nothing back', async () => {
    const customer = nextId++;
    await orderOf(customer, '50.00');
    await expire();
    const later = await orderOf(customer, '30.00', new Date());
    await handleRefundCreated(ctx.db, shop, refundPayload({ id: nextId++, orderId: later, createdAt: new Date(), lines: ['30.00'] }));
    expect(await ledger(customer)).toEqual({
      points: 0,
      entries: [['order_earned', 50], ['points_expired', -50], ['order_earned', 30], ['refund', -30]],
    });
  });

  it('an order placed before the expiry whose points came after it (awarded on fulfilment) held none of them: its refund gives nothing back', async () => {
    const pendingShop = await ensureShop(ctx.db, 'expiry-returns-pending.myshopify.com');
    await expireAfter(ctx.db, pendingShop.id, 3);
    const customer = nextId++;
    const [earned, pending] = [nextId++, nextId++];
    await handleOrderPaid(ctx.db, pendingShop, orderPayload({ id: earned, customerId: customer, subtotal: '100.00', processedAt: PLACED }));
    await ctx.db.program.update({ where: { shopId: pendingShop.id }, data: { awardOn: 'fulfilled' } });
    // Paid before the expiry, fulfilled (so awarded) only after it.
    await handleOrderPaid(ctx.db, pendingShop, orderPayload({ id: pending, customerId: customer, subtotal: '30.00', processedAt: PLACED }));
    await expire();
    const fulfilledAt = new Date(Date.now() + 1_000);
    const payload = orderPayload({ id: pending, customerId: customer, subtotal: '30.00', processedAt: PLACED, fulfilledAt });
    await handleOrderFulfilled(ctx.db, pendingShop, payload, new Date(fulfilledAt.getTime() + 1_000));
    await handleRefundCreated(ctx.db, pendingShop, refundPayload({ id: nextId++, orderId: pending, createdAt: new Date(), lines: ['30.00'] }), new Date(fulfilledAt.getTime() + 2_000));
    const m = await ctx.db.member.findFirstOrThrow({ where: { shopId: pendingShop.id, customerId: String(customer) } });
    const entries = await ctx.db.ledgerEntry.findMany({ where: { memberId: m.id, delta: { not: 0 } }, orderBy: { id: 'asc' } });
    expect({ points: m.points, entries: entries.map((e) => [e.reason, e.delta]) }).toEqual({
      points: 0,
      entries: [['order_earned', 100], ['points_expired', -100], ['order_earned', 30], ['refund', -30]],
    });
  });

  it('an order placed before the expiry whose webhook came after it held none of the expired points: its refund gives nothing back', async () => {
    const customer = nextId++;
    await orderOf(customer, '100.00');
    await expire();
    // Placed 200 days ago like the first, its orders/paid delivered only now.
    const late = await orderOf(customer, '30.00');
    await handleRefundCreated(ctx.db, shop, refundPayload({ id: nextId++, orderId: late, createdAt: new Date(), lines: ['30.00'] }));
    expect(await ledger(customer)).toEqual({
      points: 0,
      entries: [['order_earned', 100], ['points_expired', -100], ['order_earned', 30], ['refund', -30]],
    });
  });
});
