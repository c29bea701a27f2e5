import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_API_KEY } from '../config/config.js';
import { AdminApiError, type AdminClient } from '../shopify/admin-client.js';
import { SHOP_DETAILS } from '../shopify/operations/shop.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { findOfflineSession } from '../shopify/session-storage.js';
import { markUninstalled } from '../shops/repository.js';
import { createInstaller } from './install.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const tokenExchanges = () =>
  h.platformRequests.filter((r) => r.method === 'POST' && r.path === '/admin/oauth/access_token').length;

/**
 * A platform that implements everything (it forwards to the emulator) but answers the shop details query with a
 * GraphQL error, as a platform or test double without that query would. `shopQueries`: how often it was asked.
 */
async function platformFailingShopQuery(upstream: string): Promise<{ url: string; shopQueries: () => number; close(): Promise<void> }> {
  let shopQueries = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/graphql.json') && (JSON.parse(body.toString('utf8')) as { operationName?: string }).operationName === 'ShopDetails') {
        shopQueries += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: "Field 'shopLocales' doesn't exist on type 'QueryRoot'" }] }));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      fetch(`${upstream}${req.url}`, { method: req.method, headers, ...(body.length > 0 ? { body } : {}) })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    shopQueries: () => shopQueries,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const names = (items: { name: string }[]) => items.map((item) => item.name);
type ProgramBody = { tiers: { name: string }[]; rewards: { name: string }[] };

describe('session-token authentication on /api/*', () => {
  const SHOP = 'auth-rejects.myshopify.com';
  beforeAll(() => {
    h.emulator.addShop({ domain: SHOP });
  });

  it.each<[string, () => Promise<string | null>]>([
    ['no token', async () => null],
    ['a forged token', async () => h.emulator.mintSessionToken(SHOP, { secret: 'forged-secret-forged-secret-0000' })],
    ['an expired token', async () => h.emulator.mintSessionToken(SHOP, { expiresInSeconds: -30 })],
    ['a token not yet valid', async () => h.emulator.mintSessionToken(SHOP, { notBeforeOffsetSeconds: 30 })],
    ['a token for another app', async () => h.emulator.mintSessionToken(SHOP, { audience: 'someone-else' })],
    ['an unsigned token (alg: none)', async () => {
      const valid = h.emulator.mintSessionToken(SHOP);
      const payload = valid.split('.')[1];
      return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    }],
    ['an HS384 token', async () => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: DEV_API_KEY, sub: '1', nbf: now, exp: now + 60 })
        .setProtectedHeader({ alg: 'HS384' })
        .sign(new TextEncoder().encode('loyale-dev-api-secret'));
    }],
  ])('%s → 401 {error}', async (_name, make) => {
    const before = tokenExchanges();
    const res = await h.api('/program', await make());
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: unknown };
    expect(typeof body.error).toBe('string');
    expect(tokenExchanges()).toBe(before);
  });

  it('a malformed Authorization header → 401', async () => {
    const res = await h.api('/program', null, { headers: { Authorization: 'Token abc' } });
    expect(res.status).toBe(401);
  });
});

describe('install on the first valid request', () => {
  it('exchanges the token once under concurrent first requests, stores it, records the shop', async () => {
    const shop = 'install-once.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Install Once', currencyCode: 'USD', primaryLocale: 'en', timezone: 'America/New_York' });
    const before = tokenExchanges();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => h.api('/program', h.emulator.mintSessionToken(shop, { userId: String(100 + i) }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(tokenExchanges() - before).toBe(1);

    const session = await findOfflineSession(h.ctx.db, shop);
    expect(session?.id).toBe(h.ctx.shopify.session.getOfflineId(shop));
    expect(session?.accessToken).toBe(h.emulator.accessToken(shop));
    const record = await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(record).toMatchObject({ name: 'Install Once', currencyCode: 'USD', timezone: 'America/New_York', primaryLocale: 'en' });
    expect(record.installedAt).not.toBeNull();

    // Installed: later requests go straight through.
    const again = await h.api('/program', h.emulator.mintSessionToken(shop));
    expect(again.status).toBe(200);
    expect(tokenExchanges() - before).toBe(1);
  });

  it('GET /api/program answers the contract JSON exactly', async () => {
    const shop = 'program-json.myshopify.com';
    h.emulator.addShop({ domain: shop, currencyCode: 'EUR', primaryLocale: 'en' });
    const res = await h.api('/program', h.emulator.mintSessionToken(shop));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { tiers: { id: string }[]; rewards: { id: string }[] };
    const tierIds = body.tiers.map((t) => t.id);
    const rewardIds = body.rewards.map((r) => r.id);
    expect(body).toEqual({
      earning: { pointsPerCurrencyUnit: 1 },
      tiers: [
        { id: tierIds[0], name: 'Bronze', threshold: 0, multiplier: 1 },
        { id: tierIds[1], name: 'Silver', threshold: 500, multiplier: 1.25 },
        { id: tierIds[2], name: 'Gold', threshold: 2000, multiplier: 1.5 },
      ],
      rewards: [
        { id: rewardIds[0], name: 'Free shipping', kind: 'free_shipping', cost: 300, value: null },
        { id: rewardIds[1], name: '10% off', kind: 'percentage_off', cost: 500, value: 0.1 },
      ],
    });
    for (const id of [...tierIds, ...rewardIds]) expect(id).toMatch(/^\d+$/);
  });

  it('a German shop gets German names', async () => {
    const shop = 'deutsch.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Deutscher Laden', currencyCode: 'EUR', primaryLocale: 'de' });
    const res = await h.api('/program', h.emulator.mintSessionToken(shop));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tiers: { name: string }[]; rewards: { name: string }[] };
    expect(body.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silber', 'Gold']);
    expect(body.rewards.map((r) => r.name)).toEqual(['Kostenloser Versand', '10 % Rabatt']);
  });

  it('a shop met first through the proxy keeps its program and is re-localized at install', async () => {
    const shop = 'proxy-first.myshopify.com';
    h.emulator.addShop({ domain: shop, primaryLocale: 'de-AT' });
    const first = await h.proxy('/customer', h.emulator.signProxyQuery(shop, null));
    expect(first.status).toBe(200);
    const before = (await first.json()) as { tiers: { id: string; name: string }[] };
    expect(before.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silver', 'Gold']);

    const res = await h.api('/program', h.emulator.mintSessionToken(shop));
    const after = (await res.json()) as { tiers: { id: string; name: string }[] };
    expect(after.tiers.map((t) => t.name)).toEqual(['Bronze', 'Silber', 'Gold']);
    expect(after.tiers.map((t) => t.id)).toEqual(before.tiers.map((t) => t.id));
  });

  it('a token exchange the platform refuses → 401, nothing stored', async () => {
    // An app whose client id the platform does not know: its own session tokens verify, the exchange does not.
    const shop = 'refused.myshopify.com';
    h.emulator.addShop({ domain: shop });
    const stranger = await h.variant({ apiKey: 'unregistered-app' });
    try {
      const res = await stranger.api('/program', h.emulator.mintSessionToken(shop, { audience: 'unregistered-app' }));
      expect(res.status).toBe(401);
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    } finally {
      await stranger.close();
    }
    expect(await findOfflineSession(h.ctx.db, shop)).toBeNull();
    expect((await h.ctx.db.shop.findUnique({ where: { domain: shop } }))?.installedAt ?? null).toBeNull();
  });

  it('an unreachable platform → 502, and the next request installs', async () => {
    const shop = 'unreachable.myshopify.com';
    h.emulator.addShop({ domain: shop });
    const offline = await h.variant({ shopPlatformUrl: 'http://127.0.0.1:9' });
    try {
      const res = await offline.api('/program', h.emulator.mintSessionToken(shop));
      expect(res.status).toBe(502);
    } finally {
      await offline.close();
    }
    expect(await findOfflineSession(h.ctx.db, shop)).toBeNull();
    expect((await h.api('/program', h.emulator.mintSessionToken(shop))).status).toBe(200);
  });

  it('a platform that exchanges the token but fails the shop query: 200 with the default program; the details come later', async () => {
    const shop = 'details-later.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Später GmbH', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
    const platform = await platformFailingShopQuery(h.emulator.url);
    const flaky = await h.variant({ shopPlatformUrl: platform.url });
    try {
      const res = await flaky.api('/program', h.emulator.mintSessionToken(shop));
      expect(res.status).toBe(200);
      // The locale is unknown: the default program in English.
      const body = (await res.json()) as ProgramBody;
      expect(names(body.tiers)).toEqual(['Bronze', 'Silver', 'Gold']);
      expect(names(body.rewards)).toEqual(['Free shipping', '10% off']);
      expect(platform.shopQueries()).toBe(1);
      // The token is stored and the shop installed, its details missing (the defaults).
      expect((await findOfflineSession(h.ctx.db, shop))?.accessToken).toBe(h.emulator.accessToken(shop));
      expect(await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop } })).toMatchObject({
        name: null,
        currencyCode: 'USD',
        timezone: 'UTC',
        primaryLocale: 'en',
        installedAt: expect.any(Date),
      });

      // The next request goes through; the details are not asked for again so soon.
      const before = tokenExchanges();
      expect((await flaky.api('/program', h.emulator.mintSessionToken(shop))).status).toBe(200);
      expect(platform.shopQueries()).toBe(1);
      expect(tokenExchanges()).toBe(before);
    } finally {
      await flaky.close();
      await platform.close();
    }

    // A later request of the shop (here: to an app process that has not tried yet) gets them from a platform that
    // answers: recorded, and the default names re-localized.
    const shopQueries = () => h.emulator.graphqlLog(shop).filter((e) => e.operationName === 'ShopDetails').length;
    const before = tokenExchanges();
    const later = await h.api('/program', h.emulator.mintSessionToken(shop));
    expect(later.status).toBe(200);
    const body = (await later.json()) as ProgramBody;
    expect(names(body.tiers)).toEqual(['Bronze', 'Silber', 'Gold']);
    expect(names(body.rewards)).toEqual(['Kostenloser Versand', '10 % Rabatt']);
    expect(await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop } })).toMatchObject({
      name: 'Später GmbH',
      currencyCode: 'EUR',
      timezone: 'Europe/Berlin',
      primaryLocale: 'de',
    });
    expect(shopQueries()).toBe(1);
    expect(tokenExchanges()).toBe(before);
    // Recorded: not read again.
    expect((await h.api('/program', h.emulator.mintSessionToken(shop))).status).toBe(200);
    expect(shopQueries()).toBe(1);
  });

  it('reads missing details again once the retry interval has passed; names the merchant changed stay', async () => {
    const shop = 'details-retry.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Retry Laden', currencyCode: 'EUR', primaryLocale: 'de' });
    let clock = 1_000_000;
    let failing = true;
    let shopQueries = 0;
    const admin: AdminClient = {
      request(domain, operation, variables) {
        if ((operation as unknown) === SHOP_DETAILS) {
          shopQueries += 1;
          if (failing) return Promise.reject(new AdminApiError('Admin API answered 503', { status: 503, outcomeUnknown: false, operation: 'ShopDetails' }));
        }
        return h.admin.request(domain, operation, variables);
      },
    };
    const installer = createInstaller(h.ctx, admin, { detailsRetryMs: 60_000, now: () => clock });
    const token = () => h.emulator.mintSessionToken(shop);

    const installed = await installer.ensureInstalled(shop, token());
    expect(installed).toMatchObject({ status: 'installed', shop: { name: null, currencyCode: 'USD', installedAt: expect.any(Date) } });
    expect(shopQueries).toBe(1);
    // The merchant renames a tier meanwhile (the admin's program editor marks the names customized).
    const { id: shopId } = await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    await h.ctx.db.program.update({ where: { shopId }, data: { namesCustomized: true } });

    clock += 59_999;
    expect(await installer.ensureInstalled(shop, token())).toMatchObject({ status: 'installed', shop: { name: null } });
    expect(shopQueries).toBe(1);
    clock += 1;
    expect(await installer.ensureInstalled(shop, token())).toMatchObject({ status: 'installed', shop: { name: null } });
    expect(shopQueries).toBe(2);

    failing = false;
    clock += 60_000;
    // Concurrent requests share one read.
    const results = await Promise.all([installer.ensureInstalled(shop, token()), installer.ensureInstalled(shop, token())]);
    for (const result of results) {
      expect(result).toMatchObject({ status: 'installed', shop: { name: 'Retry Laden', currencyCode: 'EUR', primaryLocale: 'de' } });
    }
    expect(shopQueries).toBe(3);
    // Customized names stay English.
    const tiers = await h.ctx.db.tier.findMany({ where: { shopId }, orderBy: { threshold: 'asc' } });
    expect(names(tiers)).toEqual(['Bronze', 'Silver', 'Gold']);
    clock += 3_600_000;
    await installer.ensureInstalled(shop, token());
    expect(shopQueries).toBe(3);
  });

  it('reinstalls after the token is gone (uninstall)', async () => {
    const shop = 'reinstall.myshopify.com';
    h.emulator.addShop({ domain: shop });
    expect((await h.api('/program', h.emulator.mintSessionToken(shop))).status).toBe(200);
    await markUninstalled(h.ctx.db, shop);
    expect(await findOfflineSession(h.ctx.db, shop)).toBeNull();
    const before = tokenExchanges();
    expect((await h.api('/program', h.emulator.mintSessionToken(shop))).status).toBe(200);
    expect(tokenExchanges() - before).toBe(1);
    const record = await h.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(record.uninstalledAt).toBeNull();
  });

  it('does not authenticate webhooks by session token', async () => {
    const res = await h.api('/webhooks', null, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
