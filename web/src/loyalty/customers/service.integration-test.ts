import { randomBytes } from 'node:crypto';
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

  it('enrolls a customer whose names and email are oversized, cut to what the member columns and indexes hold', async () => {
    // 300,000 characters (random, so that Postgres cannot compress them) made the insert fail with "index row size
    // exceeds btree maximum" (members_shop_id_name_key_id_idx), and the event was retried for hours.
    const text = () => randomBytes(225_000).toString('base64');
    const [first, last, email] = [text(), text(), text()];
    const customer = 4712;
    await handleCustomerUpsert(db, shop, { id: customer, first_name: first, last_name: last, email });
    expect(await member(customer)).toMatchObject({ firstName: first.slice(0, 255), lastName: last.slice(0, 255), email: email.slice(0, 320) });

    // The widest characters per UTF-16 unit (3 bytes) are the worst case for the index entries of what remains.
    await handleCustomerUpsert(db, shop, { id: customer, first_name: '中'.repeat(300), last_name: '文'.repeat(300), email: null });
    expect(await member(customer)).toMatchObject({ firstName: '中'.repeat(255), lastName: '文'.repeat(255), email: null });
    // Surrogate pairs are never split.
    await handleCustomerUpsert(db, shop, { id: customer, first_name: null, last_name: null, email: '😀'.repeat(400) });
    expect((await member(customer))?.email).toBe('😀'.repeat(160));
  });

  it('rejects a customer without id', async () => {
    await expect(handleCustomerUpsert(db, shop, { email: 'x@example.com' })).rejects.toThrow(InvalidPayloadError);
  });
});
