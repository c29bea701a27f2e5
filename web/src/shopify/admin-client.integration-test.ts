import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiError, createAdminClient, ShopNotInstalledError } from './admin-client.js';
import { TAGS_ADD } from './operations/customers.js';
import { SHOP_DETAILS } from './operations/shop.js';
import { exchangeOfflineToken } from '../../emulator/test-support.js';
import { startHarness, type Harness } from './test-harness.js';

/** The Admin GraphQL client's waits between throttled attempts, against the emulator's throttle answers. */
let h: Harness;
const SHOP = 'drossel.myshopify.com';

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addShop({ domain: SHOP, name: 'Drossel Tee', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
  expect((await h.api('/shop', h.emulator.mintSessionToken(SHOP))).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

/** A client whose waits are recorded (and not slept): its backoff alone would wait 20 ms, then 40 ms. */
function recordingClient() {
  const waits: number[] = [];
  const admin = createAdminClient(h.ctx, { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 5_000, sleep: async (ms) => void waits.push(ms) });
  return { admin, waits };
}

describe('throttled Admin API calls', () => {
  it.each([
    // THROTTLED with one point missing at 100 points/s: 10 ms until the bucket holds the cost, raised to the 50 ms floor.
    ['GraphQL THROTTLED: as long as the bucket takes to refill the missing points (at least 50 ms)', 'graphql', [50, 50]],
    ['HTTP 429: as long as Retry-After says (1 s)', 'http429', [1_000, 1_000]],
  ] as const)('waits %s, then succeeds', async (_, kind, expected) => {
    const { admin, waits } = recordingClient();
    h.emulator.faults.throttleNext(2, kind);
    const data = await admin.request(SHOP, SHOP_DETAILS, {});
    expect(data.shop.name).toBe('Drossel Tee');
    expect(waits).toEqual(expected);
  });
});

describe('Shopify\'s in-body internal error (INTERNAL_SERVER_ERROR, an executed call whose answer was lost)', () => {
  it('a query is tried again', async () => {
    const { admin, waits } = recordingClient();
    h.emulator.faults.failNextAfterExecuting(1);
    expect((await admin.request(SHOP, SHOP_DETAILS, {})).shop.name).toBe('Drossel Tee');
    expect(waits).toEqual([20]);
  });

  it('a mutation fails with its outcome unknown (it may have run), not as refused', async () => {
    const { admin, waits } = recordingClient();
    h.emulator.faults.failNextAfterExecuting(1);
    const error = await admin.request(SHOP, TAGS_ADD, { id: 'gid://shopify/Customer/1', tags: ['loyale-test'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).details).toMatchObject({ outcomeUnknown: true, operation: 'CustomerTagsAdd' });
    expect(waits).toEqual([]);
  });
});


describe('a token the platform refuses (401: revoked, an uninstall whose webhook was lost)', () => {
  it('is dropped, the call fails as for a shop not installed, and the next visit installs the shop afresh', async () => {
    const shop = 'widerruf.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Widerruf', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
    expect((await h.api('/shop', h.emulator.mintSessionToken(shop))).status).toBe(200);
    const offline = () => h.ctx.db.session.count({ where: { shop, isOnline: false } });
    expect(await offline()).toBe(1);

    h.emulator.revokeAccess(shop);
    const { admin, waits } = recordingClient();
    await expect(admin.request(shop, SHOP_DETAILS, {})).rejects.toBeInstanceOf(ShopNotInstalledError);
    expect(waits).toEqual([20]); // asked once more after a pause: a refusal that lasts
    expect(await offline()).toBe(0);

    // The merchant opens the app: its session token installs the shop again (token exchange), and calls work.
    expect((await h.api('/shop', h.emulator.mintSessionToken(shop))).status).toBe(200);
    expect(await offline()).toBe(1);
    expect((await admin.request(shop, SHOP_DETAILS, {})).shop.name).toBe('Widerruf');
  });
});

describe('a token refused once, while another is stored meanwhile (a reinstall, a refresh by another process)', () => {
  it('is not dropped: the call goes on with the stored token', async () => {
    const shop = 'neuinstallation.myshopify.com';
    h.emulator.addShop({ domain: shop, name: 'Neuinstallation', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
    expect((await h.api('/shop', h.emulator.mintSessionToken(shop))).status).toBe(200);
    h.emulator.revokeAccess(shop);
    // During the pause after the refusal, the shop gets a new token, as a reinstall in another request stores it.
    const admin = createAdminClient(h.ctx, {
      baseDelayMs: 20,
      sleep: async () => {
        const fresh = await exchangeOfflineToken(h.emulator, shop, { apiKey: h.ctx.config.apiKey, apiSecret: h.ctx.config.apiSecret });
        await h.ctx.db.session.updateMany({ where: { shop, isOnline: false }, data: { accessToken: fresh } });
      },
    });
    expect((await admin.request(shop, SHOP_DETAILS, {})).shop.name).toBe('Neuinstallation');
    expect(await h.ctx.db.session.count({ where: { shop, isOnline: false } })).toBe(1);
  });
});
