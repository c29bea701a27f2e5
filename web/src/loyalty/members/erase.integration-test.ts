import { describe, expect, it } from 'vitest';
import { handleOrderPaid, handleRefundCreated } from '../orders/service.js';
import { refundPayload } from '../orders/test-payloads.js';
import { eraseCustomer, exportCustomerData } from './erase.js';
import { getMemberStatus } from './status.js';
import { day, paid, useLoyaltyShop } from '../test-fixture.js';

const fx = useLoyaltyShop('customer-data-test.myshopify.com');
const { newId, member } = fx;

const NOW = day(30);

describe('customer data', () => {
  it('exports everything on the customer and erases it so they read as never seen', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(fx.db, fx.shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleRefundCreated(fx.db, fx.shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['10.00'] }), NOW);
    const exported = (await exportCustomerData(fx.db, fx.shop.id, String(customer))) as Record<string, unknown>;
    expect(exported).toMatchObject({
      customerId: String(customer),
      member: { email: `customer${customer}@example.com`, points: 90, pendingPoints: 0, tier: 'Bronze', unsubscribedAt: null },
      ledger: [{ reason: 'order_earned', delta: 100 }, { reason: 'refund', delta: -10 }],
      orders: [{ orderId: String(order), subtotal: '100', pointsEarned: 100, refunds: [{ subtotal: '10', pointsTakenBack: 10 }] }],
      redemptions: [],
      notifications: [],
      perkGrants: [],
      surpriseGifts: [],
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);

    // The customer list's search holds their name and email (member_search, kept by a trigger); erased with them.
    const searchable = () => fx.db.memberSearch.count({ where: { searchText: { contains: `customer${customer}@example.com` } } });
    expect(await searchable()).toBe(1);

    await eraseCustomer(fx.db, fx.shop.id, String(customer));
    expect(await member(customer)).toBeNull();
    expect(await searchable()).toBe(0);
    expect(await fx.db.loyaltyOrder.count({ where: { orderId: String(order) } })).toBe(0);
    expect(await fx.db.orderRefund.count({ where: { orderId: String(order) } })).toBe(0);
    expect(await fx.db.ledgerEntry.count({ where: { sourceId: String(order) } })).toBe(0);
    expect(await getMemberStatus(fx.db, fx.shop, String(customer))).toMatchObject({ memberId: null, points: 0 });
    expect(await exportCustomerData(fx.db, fx.shop.id, String(customer))).toMatchObject({ member: null, ledger: [], orders: [] });
  });
});
