import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { orderPayload } from './orders/test-payloads.js';

/** Test time is counted in days from T0, so windows (365 days) and recheck dates read plainly in the tests. */
export const DAY = 24 * 60 * 60 * 1000;
export const T0 = Date.UTC(2026, 2, 1, 12);
export const day = (days: number): Date => new Date(T0 + days * DAY);

/** An `orders/paid` payload for the tests' common case: an order, its customer, subtotal and processing time. */
export const paid = (id: number, customerId: number | null, subtotal: string, at: Date) =>
  orderPayload({ id, customerId, subtotal, processedAt: at });

export interface LoyaltyShopFixture {
  readonly db: Db;
  readonly shop: ShopRecord;
  /** The test database's URL, for tests that open more connection pools (concurrent workers). */
  readonly databaseUrl: string;
  /** Unique ids per test, so tests share the shop without seeing each other's orders and customers. */
  newId(): number;
  /** The member row of a customer with its tier, or null when the app never met them. */
  member(customerId: number): ReturnType<typeof findMember>;
}

function findMember(db: Db, shopId: number, customerId: number) {
  return db.member.findUnique({
    where: { shopId_customerId: { shopId, customerId: String(customerId) } },
    include: { tier: true },
  });
}

/**
 * A fresh test database with one shop for a test file (registers its own beforeAll/afterAll): the loyalty engine's
 * integration tests run against real Postgres without repeating the setup.
 */
export function useLoyaltyShop(domain: string): LoyaltyShopFixture {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  let shop: ShopRecord | undefined;
  let nextId = 10_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
    shop = await ensureShop(db, domain);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the loyalty test fixture is used before its beforeAll ran');
    return value;
  };
  return {
    get db() {
      return ready(db);
    },
    get shop() {
      return ready(shop);
    },
    get databaseUrl() {
      return ready(database).url;
    },
    newId: () => nextId++,
    member: (customerId) => findMember(ready(db), ready(shop).id, customerId),
  };
}
