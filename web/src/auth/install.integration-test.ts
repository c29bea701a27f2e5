import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_API_KEY } from '../config/config.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { findOfflineSession } from '../shopify/session-storage.js';
import { markUninstalled } from '../shops/repository.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const tokenExchanges = () =>
  h.platformRequests.filter((r) => r.method === 'POST' && r.path === '/admin/oauth/access_token').length;

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
