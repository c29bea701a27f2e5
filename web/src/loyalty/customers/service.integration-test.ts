import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createDb, type Db } from '../../db/client.js';
import { ensureShop, type ShopRecord } from '../../shops/repository.js';
import { InvalidPayloadError } from '../orders/errors.js';
import { handleCustomerUpsert } from './service.js';

let database: TestDatabase;
let db: Db;
let shop: ShopRecord;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'customers-test.myshopify.com');
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const member = (customerId: number) =>
  db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: String(customerId) } } });

describe('handleCustomerUpsert', () => {
  it('enrolls on customers/create and keeps what a later update leaves out', async () => {
    const customer = 4711;
    await handleCustomerUpsert(db, shop, { id: customer, email: 'a@example.com', first_name: 'Ada', last_name: 'L', locale: 'en' });
    await handleCustomerUpsert(db, shop, { id: customer, email: 'b@example.com', first_name: null });
    expect(await member(customer)).toMatchObject({ email: 'b@example.com', firstName: null, lastName: 'L', locale: 'en', points: 0 });
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it('rejects a customer without id', async () => {
    await expect(handleCustomerUpsert(db, shop, { email: 'x@example.com' })).rejects.toThrow(InvalidPayloadError);
  });
});
