import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../emulator/payloads.js';
import { eventually, startTestApp, type TestApp } from './harness.js';

/**
 * The whole loop as a merchant and a shopper live it, with every hop on the real protocols: the emulator installs
 * the app with a session token (token exchange), sends signed webhooks, and fronts the signed app proxy.
 */
let app: TestApp;
const SHOP = 'kaffeehaus.myshopify.com';

beforeAll(async () => {
  app = await startTestApp();
  app.emulator!.addShop({ domain: SHOP, name: 'Kaffeehaus', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
});

afterAll(async () => {
  await app?.stop();
});

function emulator() {
  if (!app.emulator) throw new Error('the test app runs without the emulator');
  return app.emulator;
}

async function storefront(path: string, customerId: string | null, init: RequestInit = {}) {
  const query = emulator().signProxyQuery(SHOP, customerId);
  const res = await fetch(`${app.url}/proxy${path}?${query}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function adminGet(path: string) {
  const token = emulator().mintSessionToken(SHOP, { userId: '42' });
  const res = await fetch(`${app.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function points(customerId: string): Promise<number> {
  return (await storefront('/customer', customerId)).body.points as number;
}

describe('install', () => {
  it('installs through token exchange and names the program in the shop language', async () => {
    const { status, body } = await adminGet('/program');
    expect(status).toBe(200);
    expect(emulator().accessToken(SHOP)).toBeTruthy();
    expect(body).toEqual({
      earning: { pointsPerCurrencyUnit: 1 },
      tiers: [
        { id: expect.any(String), name: 'Bronze', threshold: 0, multiplier: 1 },
        { id: expect.any(String), name: 'Silber', threshold: 500, multiplier: 1.25 },
        { id: expect.any(String), name: 'Gold', threshold: 2000, multiplier: 1.5 },
      ],
      rewards: [
        expect.objectContaining({ id: expect.any(String), name: 'Kostenloser Versand', kind: 'free_shipping', cost: 300 }),
        expect.objectContaining({ id: expect.any(String), name: '10 % Rabatt', kind: 'percentage_off', cost: 500, value: 0.1 }),
      ],
    });
  });
});

describe('earning, refunds and redemption through webhooks and the app proxy', () => {
  const customer = { id: 7001, email: 'anna.schmidt@example.de', firstName: 'Anna', lastName: 'Schmidt', locale: 'de' };

  it('credits an order once, even when it is delivered twice', async () => {
    const order = orderPayload({ id: 81001, subtotal: '420.50', customer });
    const first = await emulator().sendWebhook(SHOP, 'orders/paid', order);
    expect(first.status).toBe(200);
    const duplicate = await emulator().sendWebhook(SHOP, 'orders/paid', order, { eventId: first.eventId });
    expect(duplicate.status).toBe(200);
    await emulator().sendWebhook(SHOP, 'orders/paid', order); // a new event for the same order
    await eventually(async () => (await points('7001')) === 420);
    const status = await storefront('/customer', '7001');
    expect(status.body).toMatchObject({ customerId: '7001', points: 420, tier: { name: 'Bronze' }, nextTier: { name: 'Silber', pointsNeeded: 80 } });
  });

  it('moves up a tier and earns the next order at the new multiplier', async () => {
    await emulator().sendWebhook(SHOP, 'orders/paid', orderPayload({ id: 81002, subtotal: '100.00', customer }));
    await eventually(async () => (await points('7001')) === 520);
    await emulator().sendWebhook(SHOP, 'orders/paid', orderPayload({ id: 81003, subtotal: '100.00', customer }));
    await eventually(async () => (await points('7001')) === 645); // 520 + floor(100 × 1.25)
    expect((await storefront('/customer', '7001')).body).toMatchObject({ tier: { name: 'Silber' }, nextTier: { name: 'Gold' } });
  });

  it('takes a refund back once at the multiplier the order earned at', async () => {
    const refund = refundPayload({ id: 91001, orderId: 81003, lines: [{ lineItemId: 1, quantity: 1, subtotal: '40.00' }] });
    const sent = await emulator().sendWebhook(SHOP, 'refunds/create', refund);
    await emulator().sendWebhook(SHOP, 'refunds/create', refund, { eventId: sent.eventId });
    await emulator().sendWebhook(SHOP, 'refunds/create', refund);
    await eventually(async () => (await points('7001')) === 595); // 645 − floor(40 × 1.25)
  });

  it('redeems a reward for a customer-bound single-use code and lowers the balance', async () => {
    const program = await adminGet('/program');
    const freeShipping = (program.body.rewards as { id: string; kind: string }[]).find((r) => r.kind === 'free_shipping')!;
    const res = await storefront(`/rewards/${freeShipping.id}/redeem`, '7001', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: expect.any(String), points: 295 });
    const discount = emulator().discounts(SHOP).find((d) => d.code === res.body.code);
    expect(discount).toBeTruthy();
    expect(await points('7001')).toBe(295);
    const tooLow = await storefront(`/rewards/${freeShipping.id}/redeem`, '7001', { method: 'POST' });
    expect(tooLow.status).toBe(409);
    expect(await points('7001')).toBe(295);
  });

  it('keeps a refund that arrives before its order and applies it when the order comes', async () => {
    const early = { id: 7002 };
    await emulator().sendWebhook(SHOP, 'refunds/create', refundPayload({ id: 91002, orderId: 81010, lines: [{ lineItemId: 1, quantity: 1, subtotal: '30.00' }] }));
    await emulator().sendWebhook(SHOP, 'orders/paid', orderPayload({ id: 81010, subtotal: '80.00', customer: early }));
    await eventually(async () => (await points('7002')) === 50);
  });

  it('answers through the emulator’s signed storefront proxy as a shopper’s browser would see it', async () => {
    const res = await fetch(`${emulator().url}/apps/loyale/customer?shop=${SHOP}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ customerId: null, points: 0, tier: null, nextTier: null });
  });
});

describe('isolation between shops', () => {
  it('does not show one shop’s customer or rewards to another shop', async () => {
    const other = 'teeladen.myshopify.com';
    emulator().addShop({ domain: other, name: 'Teeladen', currencyCode: 'EUR', primaryLocale: 'en' });
    const query = emulator().signProxyQuery(other, '7001');
    const res = await fetch(`${app.url}/proxy/customer?${query}`);
    expect(await res.json()).toMatchObject({ customerId: '7001', points: 0, tier: { name: 'Bronze' } });
    const kaffeehausRewards = ((await adminGet('/program')).body.rewards as { id: string }[]).map((r) => r.id);
    const redeem = await fetch(`${app.url}/proxy/rewards/${kaffeehausRewards[0]}/redeem?${emulator().signProxyQuery(other, '7001')}`, { method: 'POST' });
    expect(redeem.status).toBe(404);
  });
});
