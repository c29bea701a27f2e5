import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createDb, type Db } from '../../db/client.js';
import { ensureShop, type ShopRecord } from '../../shops/repository.js';
import { handleOrderPaid, handleRefundCreated } from '../orders/service.js';
import { orderPayload, refundPayload } from '../orders/test-payloads.js';
import { eraseCustomer, exportCustomerData } from './erase.js';
import { getMemberStatus } from './status.js';

let database: TestDatabase;
let db: Db;
let shop: ShopRecord;

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1, 12);
const day = (days: number) => new Date(T0 + days * DAY);
const NOW = day(30);

let nextId = 10_000;
const newId = () => nextId++;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'customer-data-test.myshopify.com');
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

async function member(customerId: number) {
  return db.member.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId: String(customerId) } },
    include: { tier: true },
  });
}

const paid = (id: number, customerId: number | null, subtotal: string, at: Date) =>
  orderPayload({ id, customerId, subtotal, processedAt: at });

describe('customer data', () => {
  it('exports everything on the customer and erases it so they read as never seen', async () => {
    const customer = newId();
    const order = newId();
    await handleOrderPaid(db, shop, paid(order, customer, '100.00', day(0)), NOW);
    await handleRefundCreated(db, shop, refundPayload({ id: newId(), orderId: order, createdAt: day(1), lines: ['10.00'] }), NOW);
    const exported = (await exportCustomerData(db, shop.id, String(customer))) as Record<string, unknown>;
    expect(exported).toMatchObject({
      customerId: String(customer),
      member: { email: `customer${customer}@example.com`, points: 90, tier: 'Bronze' },
      ledger: [{ reason: 'order_earned', delta: 100 }, { reason: 'refund', delta: -10 }],
      orders: [{ orderId: String(order), subtotal: '100', pointsEarned: 100, refunds: [{ subtotal: '10', pointsTakenBack: 10 }] }],
      redemptions: [],
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);

    await eraseCustomer(db, shop.id, String(customer));
    expect(await member(customer)).toBeNull();
    expect(await db.loyaltyOrder.count({ where: { orderId: String(order) } })).toBe(0);
    expect(await db.orderRefund.count({ where: { orderId: String(order) } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { sourceId: String(order) } })).toBe(0);
    expect(await getMemberStatus(db, shop, String(customer))).toMatchObject({ memberId: null, points: 0 });
    expect(await exportCustomerData(db, shop.id, String(customer))).toMatchObject({ member: null, ledger: [], orders: [] });
  });
});
