import { beforeAll, describe, expect, it } from 'vitest';
import { getMemberStatus, recheckDueTiers } from '../members/status.js';
import { day, paid, useLoyaltyShop } from '../test-fixture.js';
import { handleOrderFulfilled, handleOrderPaid, handleRefundCreated } from './service.js';
import { orderPayload, refundPayload } from './test-payloads.js';

// Earning safeguards: points pending through an approval period, or until the order is fulfilled.
const fx = useLoyaltyShop('pending-points-test.myshopify.com');
const { newId, member } = fx;

async function setPolicy(awardOn: 'paid' | 'fulfilled', approvalDays: number) {
  await fx.db.program.update({ where: { shopId: fx.shop.id }, data: { awardOn, approvalDays } });
}

async function ledger(customerId: number) {
  const entries = await fx.db.ledgerEntry.findMany({
    where: { shopId: fx.shop.id, member: { customerId: String(customerId) }, reason: { not: 'tier_changed' } },
    orderBy: { id: 'asc' },
  });
  return entries.map((e) => [e.reason, e.delta]);
}

describe('an approval period of 14 days', () => {
  beforeAll(() => setPolicy('paid', 14));

  it('keeps the points pending, then books them when the period is over', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '100.00', day(0)), day(1));
    expect(await member(customer)).toMatchObject({ points: 0, pendingPoints: 100, qualifyingPoints: 0, tierRecheckAt: day(14) });
    expect(await ledger(customer)).toEqual([]);

    expect(await recheckDueTiers(fx.db, day(13))).toBe(0);
    await recheckDueTiers(fx.db, day(15));
    expect(await member(customer)).toMatchObject({ points: 100, pendingPoints: 0, qualifyingPoints: 100 });
    expect(await ledger(customer)).toEqual([['order_earned', 100]]);
  });

  it('a member whose points cannot be booked (the balance would pass int4) waits an hour; the others are settled', async () => {
    const stuck = newId();
    const other = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), stuck, '100.00', day(0)), day(1));
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), other, '100.00', day(0)), day(1));
    await fx.db.member.updateMany({ where: { shopId: fx.shop.id, customerId: String(stuck) }, data: { points: 2_147_483_600 } });
    const failures: number[] = [];

    await recheckDueTiers(fx.db, day(15), 500, (memberId) => failures.push(memberId));
    expect(await member(other)).toMatchObject({ points: 100, pendingPoints: 0 });
    expect(await member(stuck)).toMatchObject({ points: 2_147_483_600, pendingPoints: 100, tierRecheckAt: new Date(day(15).getTime() + 3_600_000) });
    expect(failures).toEqual([(await member(stuck))?.id]);
    // Its status still reads (as it stands) instead of failing the storefront's request.
    expect(await getMemberStatus(fx.db, fx.shop, String(stuck), day(16))).toMatchObject({ points: 2_147_483_600, pendingPoints: 100 });
  });

  it('lets a refund in the period take the points before they were ever spendable', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), day(1));
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(3), lines: ['100.00'] }), day(3));
    expect(await member(customer)).toMatchObject({ points: 0, pendingPoints: 0 });
    await recheckDueTiers(fx.db, day(15));
    expect(await member(customer)).toMatchObject({ points: 0, pendingPoints: 0, qualifyingPoints: 0 });
    expect(await ledger(customer)).toEqual([['order_earned', 100], ['refund', -100]]);
  });

  it('keeps the period an order was paid under when the merchant changes it', async () => {
    const customer = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '50.00', day(0)), day(1));
    await setPolicy('paid', 0);
    try {
      await handleOrderPaid(fx.db, fx.shop, paid(newId(), customer, '20.00', day(2)), day(2));
      expect(await member(customer)).toMatchObject({ points: 20, pendingPoints: 50 });
    } finally {
      await setPolicy('paid', 14);
    }
  });
});

describe('award on fulfilment', () => {
  beforeAll(() => setPolicy('fulfilled', 0));

  it('earns when the order is fulfilled, in whichever order the webhooks come', async () => {
    const customer = newId();
    const first = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(first, customer, '80.00', day(0)), day(1));
    expect(await member(customer)).toMatchObject({ points: 0, pendingPoints: 80, tierRecheckAt: null });
    await handleOrderFulfilled(fx.db, fx.shop, orderPayload({ id: first, customerId: customer, subtotal: '80.00', processedAt: day(0), fulfilledAt: day(2) }), day(2));
    expect(await member(customer)).toMatchObject({ points: 80, pendingPoints: 0 });

    // Fulfilled before its orders/paid arrives: the fulfilment is kept and the order earns on payment.
    const second = newId();
    await handleOrderFulfilled(fx.db, fx.shop, orderPayload({ id: second, customerId: customer, subtotal: '30.00', processedAt: day(3), fulfilledAt: day(4) }), day(4));
    expect(await member(customer)).toMatchObject({ points: 80, pendingPoints: 0 });
    await handleOrderPaid(fx.db, fx.shop, paid(second, customer, '30.00', day(3)), day(5));
    expect(await member(customer)).toMatchObject({ points: 110, pendingPoints: 0 });
    expect(await ledger(customer)).toEqual([['order_earned', 80], ['order_earned', 30]]);
  });
});
