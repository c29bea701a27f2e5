import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createDb, type Db } from '../../db/client.js';
import { ensureShop, type ShopRecord } from '../../shops/repository.js';
import { handleOrderPaid } from '../orders/service.js';
import { orderPayload } from '../orders/test-payloads.js';
import { getMemberStatus, recheckDueTiers } from './status.js';

let database: TestDatabase;
let db: Db;
let shop: ShopRecord;

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1, 12);
const day = (days: number) => new Date(T0 + days * DAY);

let nextId = 10_000;
const newId = () => nextId++;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'status-test.myshopify.com');
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

describe('tiers over time', () => {
  it('drops the tier when the points leave the window, keeping the balance', async () => {
    const customer = newId();
    await handleOrderPaid(db, shop, paid(newId(), customer, '600.00', day(0)), day(1));
    expect((await getMemberStatus(db, shop, String(customer), day(364))).tier?.key).toBe('silver');

    const later = await getMemberStatus(db, shop, String(customer), day(366));
    expect(later).toMatchObject({ points: 600, qualifyingPoints: 0, tier: { key: 'bronze' }, nextTier: { tier: { key: 'silver' }, pointsNeeded: 500 } });
    expect(await member(customer)).toMatchObject({ qualifyingPoints: 0, tierRecheckAt: null, tier: { key: 'bronze' } });
  });

  it('rechecks due members in a batch', async () => {
    const customer = newId();
    await handleOrderPaid(db, shop, paid(newId(), customer, '700.00', day(0)), day(0));
    await handleOrderPaid(db, shop, paid(newId(), customer, '100.00', day(200)), day(200)); // 125 at Silver
    expect(await recheckDueTiers(db, day(300))).toBe(0);
    expect(await recheckDueTiers(db, day(370))).toBeGreaterThanOrEqual(1);
    expect(await member(customer)).toMatchObject({
      points: 825,
      qualifyingPoints: 125,
      tierRecheckAt: new Date(day(200).getTime() + 365 * DAY),
      tier: { key: 'bronze' },
    });
    expect(await recheckDueTiers(db, day(370))).toBe(0);
  });

  it('reads an unknown customer as 0 points in the lowest tier without creating them', async () => {
    const customer = String(newId());
    const status = await getMemberStatus(db, shop, customer);
    expect(status).toMatchObject({ memberId: null, customerId: customer, points: 0, qualifyingPoints: 0, tier: { key: 'bronze' } });
    expect(status.nextTier).toMatchObject({ tier: { key: 'silver', threshold: 500, multiplier: '1.25' }, pointsNeeded: 500 });
    expect(await db.member.count({ where: { customerId: customer } })).toBe(0);
  });
});
