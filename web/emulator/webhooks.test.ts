import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { customerPayload, orderPayload } from './payloads.js';
import { startRecordingApp, TEST_API_KEY, TEST_API_SECRET, testShopifyApi, type RecordingApp, exchangeOfflineToken } from './test-support.js';

const SHOP = 'kaffeehaus.myshopify.com';
let app: RecordingApp;
let emulator: Emulator;
const shopify = testShopifyApi();
/** What the library's validator said about each delivery, in order. */
const validations: unknown[] = [];

beforeAll(async () => {
  app = await startRecordingApp(async (request, req, res) => {
    validations.push(await shopify.webhooks.validate({ rawBody: request.body, rawRequest: req, rawResponse: res }));
    res.writeHead(request.headers['x-shopify-topic'] === 'app/uninstalled' ? 500 : 200).end('ok');
  });
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: app.url });
  emulator.addShop({ domain: SHOP });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

function independentHmac(body: string): string {
  return createHmac('sha256', TEST_API_SECRET).update(Buffer.from(body, 'utf8')).digest('base64');
}

describe('webhook delivery', () => {
  it('posts the payload to /api/webhooks signed and with the platform headers', async () => {
    const payload = orderPayload({ id: 81001, subtotal: '42.50', customer: { id: 7001, email: 'anna@example.de', firstName: 'Anna', lastName: 'Schmidt', locale: 'de' } });
    const result = await emulator.sendWebhook(SHOP, 'orders/paid', payload);
    expect(result).toEqual({ status: 200, body: 'ok', eventId: expect.any(String), webhookId: expect.any(String) });
    const request = app.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/webhooks');
    expect(JSON.parse(request.body)).toEqual(payload);
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/paid',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': result.webhookId,
      'x-shopify-event-id': result.eventId,
    });
    expect(new Date(String(request.headers['x-shopify-triggered-at'])).getTime()).toBeGreaterThan(Date.now() - 10_000);
    const header = Buffer.from(String(request.headers['x-shopify-hmac-sha256']), 'base64');
    expect(timingSafeEqual(header, Buffer.from(independentHmac(request.body), 'base64'))).toBe(true);
    expect(validations.at(-1)).toEqual({
      valid: true,
      webhookType: 'webhooks',
      hmac: request.headers['x-shopify-hmac-sha256'],
      topic: 'ORDERS_PAID',
      domain: SHOP,
      apiVersion: '2026-10',
      webhookId: result.webhookId,
      eventId: result.eventId,
      triggeredAt: request.headers['x-shopify-triggered-at'],
    });
  });

  it('delivers a duplicate with the same event id, a new webhook id and the original trigger time', async () => {
    const payload = customerPayload({ id: 7002, email: 'jonas@example.de', firstName: 'Jonas', lastName: 'Weber' });
    const first = await emulator.sendWebhook(SHOP, 'customers/create', payload);
    const triggeredAt = app.requests.at(-1)!.headers['x-shopify-triggered-at'];
    const duplicate = await emulator.sendWebhook(SHOP, 'customers/create', payload, { eventId: first.eventId });
    expect(duplicate.eventId).toBe(first.eventId);
    expect(duplicate.webhookId).not.toBe(first.webhookId);
    expect(app.requests.at(-1)!.headers['x-shopify-triggered-at']).toBe(triggeredAt);
    const again = await emulator.redeliverWebhook(first.eventId, { sameWebhookId: true });
    expect(again).toMatchObject({ eventId: first.eventId, webhookId: duplicate.webhookId }); // a retry of the last delivery
    expect(app.requests.at(-1)!.body).toBe(app.requests.at(-3)!.body);
    const log = emulator.webhooks(SHOP).filter((w) => w.eventId === first.eventId);
    expect(log.map((w) => w.duplicate)).toEqual([false, true, true]);
  });

  it('remembers the customers it tells the app about', async () => {
    expect(emulator.customers(SHOP).map((c) => [c.id, c.firstName, c.locale])).toEqual(
      expect.arrayContaining([
        [7001, 'Anna', 'de'],
        [7002, 'Jonas', null],
      ]),
    );
  });

  it('revokes the shop’s access tokens on app/uninstalled, as uninstalling does', async () => {
    const token = await exchangeOfflineToken(emulator, SHOP);
    expect(emulator.accessToken(SHOP)).toBe(token);
    await emulator.sendWebhook(SHOP, 'app/uninstalled', { id: 1 });
    expect(emulator.accessToken(SHOP)).toBeUndefined();
    const call = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect(call.status).toBe(401);
  });

  it('records the app’s answer, and status 0 when the app is unreachable', async () => {
    expect((await emulator.sendWebhook(SHOP, 'app/uninstalled', { id: 1 })).status).toBe(500);
    const unreachable = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
    try {
      const result = await unreachable.sendWebhook(SHOP, 'orders/paid', { id: 1 });
      expect(result.status).toBe(0);
      expect(unreachable.webhooks()).toMatchObject([{ status: 0, topic: 'orders/paid' }]);
    } finally {
      await unreachable.close();
    }
  });

  it('signs with another secret when told to, which the library refuses', async () => {
    await emulator.sendWebhook(SHOP, 'orders/paid', { id: 2 }, { secret: 'forged' });
    expect(validations.at(-1)).toMatchObject({ valid: false, reason: 'invalid_hmac' });
  });
});
