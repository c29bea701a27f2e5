import { Session } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { createPrismaSessionStorage, findOfflineSession, type SessionStorage } from './session-storage.js';

let database: TestDatabase;
let db: Db;
let storage: SessionStorage;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  storage = createPrismaSessionStorage(db);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const offline = (shop: string, token = 'shpat_1') =>
  new Session({ id: `offline_${shop}`, shop, state: '', isOnline: false, scope: 'read_orders,write_discounts', accessToken: token });

describe('the Prisma session storage', () => {
  it('stores and loads an offline session unchanged', async () => {
    const session = offline('store-load.myshopify.com');
    expect(await storage.storeSession(session)).toBe(true);
    const loaded = await storage.loadSession(session.id);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded?.equals(session)).toBe(true);
    expect(await storage.loadSession('offline_nobody.myshopify.com')).toBeUndefined();
  });

  it('replaces a stored session (upsert)', async () => {
    const shop = 'replace.myshopify.com';
    await storage.storeSession(offline(shop, 'shpat_old'));
    await storage.storeSession(offline(shop, 'shpat_new'));
    expect((await storage.loadSession(`offline_${shop}`))?.accessToken).toBe('shpat_new');
    expect(await db.session.count({ where: { shop } })).toBe(1);
  });

  it('round-trips an online session with user info and expiry', async () => {
    const shop = 'online.myshopify.com';
    const session = new Session({
      id: `${shop}_42`,
      shop,
      state: 'st',
      isOnline: true,
      scope: 'read_orders',
      accessToken: 'shpua_1',
      expires: new Date(Date.now() + 3_600_000),
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: 'read_orders',
        associated_user: {
          id: 42,
          first_name: 'A',
          last_name: 'B',
          email: 'a@example.com',
          email_verified: true,
          account_owner: true,
          locale: 'de',
          collaborator: false,
        },
      },
    });
    await storage.storeSession(session);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.equals(session)).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).userId).toBe(42n);
  });

  it('finds and deletes sessions by shop and id', async () => {
    const shop = 'many.myshopify.com';
    await storage.storeSession(offline(shop));
    await storage.storeSession(new Session({ id: `${shop}_1`, shop, state: '', isOnline: true, accessToken: 'x' }));
    expect((await storage.findSessionsByShop(shop)).map((s) => s.id).sort()).toEqual([`many.myshopify.com_1`, `offline_${shop}`]);
    expect(await storage.deleteSessions([`${shop}_1`])).toBe(true);
    expect(await storage.deleteSession(`offline_${shop}`)).toBe(true);
    expect(await storage.deleteSession(`offline_${shop}`)).toBe(true);
    expect(await storage.findSessionsByShop(shop)).toEqual([]);
  });

  it('findOfflineSession: the token, not an online session, not an expired one', async () => {
    const shop = 'find-offline.myshopify.com';
    await storage.storeSession(new Session({ id: `${shop}_1`, shop, state: '', isOnline: true, accessToken: 'online' }));
    expect(await findOfflineSession(db, shop)).toBeNull();
    await storage.storeSession(offline(shop, 'shpat_x'));
    expect((await findOfflineSession(db, shop))?.accessToken).toBe('shpat_x');
    const expired = offline(shop, 'shpat_y');
    expired.expires = new Date(Date.now() - 1000);
    await storage.storeSession(expired);
    expect(await findOfflineSession(db, shop)).toBeNull();
  });
});
