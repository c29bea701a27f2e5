import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { expireInactivePoints } from '../points-expiry/expire.js';
import { bookAt, expireAfter, memberSince } from '../points-expiry/test-support.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { testContext } from '../webhooks/test-support.js';
import { getDashboard } from './dashboard.js';

/** The dashboard and points expiry on real Postgres: expired points count on their own, not as redeemed or issued. */

let database: TestDatabase;
let ctx: AppContext;
let db: Db;
let shop: ShopRecord;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = testContext(database.url);
  db = ctx.db;
  shop = await ensureShop(db, 'dashboard-expiry.myshopify.com');
  await expireAfter(db, shop.id, 3, 'Europe/Berlin');
  shop = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
  // Anna was last active about five months ago: her 250 points expire now. Bert was active ten days ago.
  const anna = await memberSince(db, shop.id, '1', daysAgo(200));
  await bookAt(db, shop.id, anna, 400, 'manual_adjustment', daysAgo(150));
  await bookAt(db, shop.id, anna, -150, 'redemption', daysAgo(140));
  const bert = await memberSince(db, shop.id, '2', daysAgo(200));
  await bookAt(db, shop.id, bert, 90, 'manual_adjustment', daysAgo(10));
  expect(await expireInactivePoints(ctx)).toMatchObject({ members: 1, points: 250 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('the dashboard with points expiry', () => {
  it('counts the points that expired in the range apart, and they leave the outstanding points and the liability', async () => {
    const result = await getDashboard(db, shop, {});
    if (!result.ok) throw new Error('invalid range');
    expect(result.dashboard).toMatchObject({
      pointsIssued: 90,
      pointsRedeemed: 0,
      pointsExpired: 250, // booked today, when the job ran
      outstandingPoints: 90, // Bert's; Anna's 250 are gone
      liability: '0.90',
      redemptionRate: 0,
    });
    // The daily figures stay issued and redeemed: today's expiry is neither.
    expect(result.dashboard.daily.at(-1)).toEqual({ date: result.dashboard.range.to, issued: 0, redeemed: 0 });
  });

  it('counts none in a range before the expiry, where the points were issued and spent', async () => {
    const at = (n: number) => daysAgo(n).toISOString().slice(0, 10);
    const result = await getDashboard(db, shop, { from: at(160), to: at(100) });
    if (!result.ok) throw new Error('invalid range');
    expect(result.dashboard).toMatchObject({ pointsIssued: 400, pointsRedeemed: 150, pointsExpired: 0 });
  });
});
