import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminApiStatus, exchangeOfflineToken } from '../../emulator/test-support.js';
import { createDb } from '../db/client.js';
import { createAdminClient, ShopNotInstalledError } from './admin-client.js';
import { REFRESH_MARGIN_MS } from './offline-token.js';
import { SHOP_DETAILS } from './operations/shop.js';
import { tokenMigrationJob } from './token-migration.js';
import { startHarness, type Harness } from './test-harness.js';

/** Expiring offline tokens (Shopify requires them of public apps from 2027): stored at install, refreshed before they run out. */
let h: Harness;
const SHOP = 'ablauf.myshopify.com';

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addShop({ domain: SHOP, name: 'Ablauf Kaffee', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
});
afterAll(async () => {
  await h?.close();
});

const offline = () => h.ctx.db.session.findFirstOrThrow({ where: { shop: SHOP, isOnline: false } });
const tokenRequests = () => h.platformRequests.filter((r) => r.path === '/admin/oauth/access_token').length;
const setSession = (data: { expires?: Date | null; refreshToken?: string | null; refreshTokenExpires?: Date | null }) =>
  h.ctx.db.session.updateMany({ where: { shop: SHOP, isOnline: false }, data });
const install = async () => {
  const res = await h.api('/shop', h.emulator.mintSessionToken(SHOP));
  expect(res.status).toBe(200);
};

beforeEach(async () => {
  // Each test starts from a freshly installed shop.
  await h.ctx.db.session.deleteMany({ where: { shop: SHOP } });
  await install();
});

describe('expiring offline access tokens', () => {
  it('installs with an expiring token and its refresh token', async () => {
    const session = await offline();
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(session.expires!.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
  });

  it('uses a token with time left as it is', async () => {
    const before = tokenRequests();
    const data = await h.admin.request(SHOP, SHOP_DETAILS, {});
    expect(data.shop.name).toBe('Ablauf Kaffee');
    expect(tokenRequests()).toBe(before);
  });

  it('refreshes a token about to run out before the call, and stores the rotated pair', async () => {
    await setSession({ expires: new Date(Date.now() + REFRESH_MARGIN_MS - 60_000) });
    const old = await offline();
    const before = tokenRequests();

    const data = await h.admin.request(SHOP, SHOP_DETAILS, {});
    expect(data.shop.name).toBe('Ablauf Kaffee');
    expect(tokenRequests()).toBe(before + 1);
    const fresh = await offline();
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(fresh.refreshToken).not.toBe(old.refreshToken);
    expect(fresh.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // The refresh token was spent: the emulator, like Shopify once the new one is in use, refuses it again.
    const reused = await fetch(`${h.emulator.url}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: h.ctx.config.apiKey, client_secret: h.ctx.config.apiSecret, grant_type: 'refresh_token', refresh_token: old.refreshToken }),
    });
    expect(reused.status).toBe(400);
  });

  it('refreshes once for many concurrent calls, also across processes (their own database clients)', async () => {
    await setSession({ expires: new Date(Date.now() - 1_000) });
    const before = tokenRequests();
    const otherDb = createDb(h.ctx.config.databaseUrl);
    try {
      const other = createAdminClient({ ...h.ctx, db: otherDb });
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => h.admin.request(SHOP, SHOP_DETAILS, {})),
        ...Array.from({ length: 4 }, () => other.request(SHOP, SHOP_DETAILS, {})),
      ]);
      expect(answers.map((a) => a.shop.name)).toEqual(Array(8).fill('Ablauf Kaffee'));
      expect(tokenRequests()).toBe(before + 1);
    } finally {
      await otherDb.$disconnect();
    }
  });

  it('a token with time left does not wait for a refresh another process is making: it is used as it is', async () => {
    await setSession({ expires: new Date(Date.now() + 60_000) });
    const token = (await offline()).accessToken;
    const otherDb = createDb(h.ctx.config.databaseUrl);
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (locked = resolve));
    // Another process holds the session row (its refresh is on the way).
    const refreshing = otherDb.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM sessions WHERE shop = ${SHOP} AND NOT is_online FOR UPDATE`;
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      },
      { timeout: 20_000 },
    );
    try {
      await held;
      const before = tokenRequests();
      const started = Date.now();
      expect((await h.admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Ablauf Kaffee');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(tokenRequests()).toBe(before);
      expect((await offline()).accessToken).toBe(token);
    } finally {
      release();
      await refreshing;
      await otherDb.$disconnect();
    }
  });

  it('keeps using a token with minutes left when its refresh is refused, and does not ask again at once', async () => {
    await setSession({ expires: new Date(Date.now() + 60_000), refreshToken: 'shprt_revoked' });
    const before = tokenRequests();
    const data = await h.admin.request(SHOP, SHOP_DETAILS, {});
    expect(data.shop.name).toBe('Ablauf Kaffee');
    expect((await h.admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Ablauf Kaffee');
    expect(tokenRequests()).toBe(before + 1);
    expect((await offline()).refreshToken).toBe('shprt_revoked');
  });

  it('an expired token whose refresh is refused: the shop reads as not installed until the merchant opens the app again', async () => {
    await setSession({ expires: new Date(Date.now() - 1_000), refreshToken: 'shprt_revoked' });
    await expect(h.admin.request(SHOP, SHOP_DETAILS, {})).rejects.toBeInstanceOf(ShopNotInstalledError);
    expect(await h.ctx.db.session.count({ where: { shop: SHOP, isOnline: false } })).toBe(0);

    const before = tokenRequests();
    await install();
    expect(tokenRequests()).toBe(before + 1);
    expect((await h.admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Ablauf Kaffee');
  });

  it('an expired token whose refresh token ran out too is no installation', async () => {
    await setSession({ expires: new Date(Date.now() - 1_000), refreshTokenExpires: new Date(Date.now() - 1_000) });
    await expect(h.admin.request(SHOP, SHOP_DETAILS, {})).rejects.toBeInstanceOf(ShopNotInstalledError);
  });

  it('a token without an expiry (a platform that gives non-expiring ones) is never refreshed', async () => {
    await setSession({ expires: null, refreshToken: null, refreshTokenExpires: null });
    const before = tokenRequests();
    expect((await h.admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Ablauf Kaffee');
    expect(tokenRequests()).toBe(before);
  });
});

describe('non-expiring offline tokens stored before Loyale asked for expiring ones', () => {
  /** The shop's session as Loyale stored it before: a non-expiring token from a plain token exchange. */
  async function legacySession(token?: string): Promise<string> {
    const accessToken = token ?? (await exchangeOfflineToken(h.emulator, SHOP, h.ctx.config));
    await h.ctx.db.session.updateMany({
      where: { shop: SHOP, isOnline: false },
      data: { accessToken, expires: null, refreshToken: null, refreshTokenExpires: null, expiringRequested: false },
    });
    return accessToken;
  }
  const adminAnswers = (token: string) => adminApiStatus(h.emulator.url, token);

  it('is migrated to an expiring pair on its first use; the call goes out with the new token; once', async () => {
    const old = await legacySession();
    const before = tokenRequests();
    const answers = await Promise.all(Array.from({ length: 3 }, () => h.admin.request(SHOP, SHOP_DETAILS, {})));
    expect(answers.map((a) => a.shop.name)).toEqual(Array(3).fill('Ablauf Kaffee'));
    expect(tokenRequests()).toBe(before + 1);
    const migrated = await offline();
    expect(migrated).toMatchObject({ expiringRequested: true, refreshToken: expect.stringMatching(/^shprt_/) });
    expect(migrated.accessToken).not.toBe(old);
    expect(migrated.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(await adminAnswers(old)).toBe(401);
    // From now on it is refreshed like any expiring token, never migrated again.
    expect((await h.admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Ablauf Kaffee');
    expect(tokenRequests()).toBe(before + 1);
  });

  it('is migrated by the periodic job for a shop that makes no call', async () => {
    await legacySession();
    const before = tokenRequests();
    expect(await tokenMigrationJob(h.ctx).run()).toBe(false);
    expect(tokenRequests()).toBe(before + 1);
    expect(await offline()).toMatchObject({ expiringRequested: true, expires: expect.any(Date) });
    // Nothing left: the next run asks nothing.
    await tokenMigrationJob(h.ctx).run();
    expect(tokenRequests()).toBe(before + 1);
  });

  it('one the platform refuses to migrate is used as it is and not offered again', async () => {
    await legacySession('shpat_unknown_to_the_platform');
    const before = tokenRequests();
    await tokenMigrationJob(h.ctx).run(); // the platform knows no such token: the migration is refused
    expect(tokenRequests()).toBe(before + 1);
    expect(await offline()).toMatchObject({ accessToken: 'shpat_unknown_to_the_platform', expiringRequested: true, expires: null });
    await tokenMigrationJob(h.ctx).run();
    expect(tokenRequests()).toBe(before + 1);
    // Used as it is: the Admin API refuses it too (401), so it is dropped and the shop reads as not installed.
    await expect(h.admin.request(SHOP, SHOP_DETAILS, {})).rejects.toBeInstanceOf(ShopNotInstalledError);
    expect(tokenRequests()).toBe(before + 1);
    expect(await h.ctx.db.session.count({ where: { shop: SHOP, isOnline: false } })).toBe(0);
  });
});

