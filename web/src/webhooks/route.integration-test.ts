import { createHmac, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useWebhookRoute } from './test-fixture.js';
import { delivery } from './test-support.js';

const SHOP = 'route-test.myshopify.com';
const noop = async () => {};

// Route only: no worker, so rows stay as the route stored them.
const fx = useWebhookRoute({ runWorkers: false, handlers: { 'orders/paid': noop, 'app/uninstalled': noop } });

async function rowsFor(eventKey: string) {
  const { rows } = await fx.client.query<{
    shop_domain: string;
    event_key: string;
    webhook_id: string;
    topic: string;
    api_version: string;
    triggered_at: Date | null;
    payload: unknown;
    status: string;
  }>('SELECT * FROM webhook_events WHERE event_key = $1', [eventKey]);
  return rows;
}

const order = { id: 4711, current_subtotal_price: '10.00', customer: { id: 42 } };

describe('POST /api/webhooks: refusals, in the contract order', () => {
  it('answers 401 to a wrong HMAC', async () => {
    const d = delivery('orders/paid', SHOP, order, { 'x-shopify-hmac-sha256': createHmac('sha256', 'other').update('x').digest('base64') });
    const res = await fx.server.post(d);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: expect.any(String) });
  });

  it('answers 401 to a missing HMAC', async () => {
    const res = await fx.server.post(delivery('orders/paid', SHOP, order, { 'x-shopify-hmac-sha256': '' }));
    expect(res.status).toBe(401);
  });

  it('answers 401 to a body changed after signing', async () => {
    const signed = delivery('orders/paid', SHOP, order);
    const res = await fx.server.post({ ...signed, body: signed.body.replace('10.00', '99.00') });
    expect(res.status).toBe(401);
  });

  it('answers 401 to a wrong HMAC even when the other headers are missing too', async () => {
    const res = await fx.server.post(
      delivery('orders/paid', SHOP, order, {
        'x-shopify-hmac-sha256': 'bm90IHRoZSBobWFj',
        'x-shopify-topic': '',
        'x-shopify-shop-domain': '',
        'x-shopify-api-version': '',
        'x-shopify-webhook-id': '',
      }),
    );
    expect(res.status).toBe(401);
  });

  it.each(['x-shopify-topic', 'x-shopify-shop-domain', 'x-shopify-api-version', 'x-shopify-webhook-id'])(
    'answers 400 when %s is missing',
    async (header) => {
      const d = delivery('orders/paid', SHOP, order, { [header]: '' });
      const res = await fx.server.post(d);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error).toMatch(/Missing headers/);
      expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(0);
    },
  );

  it.each([
    ['x-shopify-event-id', 'X-Shopify-Event-Id', 'e'.repeat(8000)],
    ['x-shopify-webhook-id', 'X-Shopify-Webhook-Id', 'w'.repeat(8000)],
    ['x-shopify-topic', 'X-Shopify-Topic', `orders/${'p'.repeat(8000)}`],
    ['x-shopify-shop-domain', 'X-Shopify-Shop-Domain', `${'s'.repeat(8000)}.myshopify.com`],
    ['x-shopify-api-version', 'X-Shopify-API-Version', '2'.repeat(8000)],
  ])('answers 400, storing nothing, when %s is longer than 255 characters', async (header, label, value) => {
    const d = delivery('orders/paid', SHOP, order, { [header]: value });
    const res = await fx.server.post(d);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: `Headers longer than 255 characters: ${label}` });
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(0);
    expect(await rowsFor(d.headers['x-shopify-webhook-id'] ?? '')).toHaveLength(0);
  });

  it('answers 400 to a shop domain that is not *.myshopify.com', async () => {
    const res = await fx.server.post(delivery('orders/paid', 'evil.example.com', order));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/myshopify/);
  });

  it.each([
    ['not JSON', '{"id": 1'],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"hello"'],
    ['empty', ''],
  ])('answers 400 to a signed body that is %s', async (_label, body) => {
    const d = delivery('orders/paid', SHOP, body);
    const res = await fx.server.post(d);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'The body must be a JSON object' });
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(0);
  });

  it('answers 413 to a body above the limit', async () => {
    const res = await fx.server.post(delivery('orders/paid', SHOP, { pad: 'x'.repeat(3 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: expect.any(String) });
  });

  it('answers 415 to a body in an encoding it cannot read, storing nothing', async () => {
    const d = delivery('orders/paid', SHOP, order, { 'content-encoding': 'br' });
    const res = await fx.server.post(d);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toEqual({ error: 'Unsupported Content-Encoding "br"' });
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(0);
  });

  it('answers 400 to a gzip body that does not decompress', async () => {
    const res = await fx.server.post(delivery('orders/paid', SHOP, order, { 'content-encoding': 'gzip' }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'The body could not be decompressed' });
  });

  it('checks the HMAC of a gzip body against its uncompressed bytes', async () => {
    const d = delivery('orders/paid', SHOP, order, { 'content-encoding': 'gzip' });
    const res = await fetch(fx.server.url, { method: 'POST', headers: d.headers, body: gzipSync(d.body) });
    expect(res.status).toBe(200);
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toEqual([expect.objectContaining({ payload: order })]);
    const forged = delivery('orders/paid', SHOP, order, { 'content-encoding': 'gzip', 'x-shopify-hmac-sha256': 'forged' });
    expect((await fetch(fx.server.url, { method: 'POST', headers: forged.headers, body: gzipSync(forged.body) })).status).toBe(401);
  });
});

describe('/api/webhooks: which requests the webhook handler serves', () => {
  it.each(['/api/webhooks/', '/api/webhooks?source=test', '/API/Webhooks'])('accepts a delivery posted to %s', async (path) => {
    const d = delivery('orders/paid', SHOP, order);
    const res = await fetch(fx.server.url.replace('/api/webhooks', path), { method: 'POST', headers: d.headers, body: d.body });
    expect(res.status).toBe(200);
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(1);
  });

  it.each([
    ['GET', '/api/webhooks'],
    ['POST', '/api/webhooksx'],
    ['POST', '/api/webhooks/extra'],
  ])('leaves %s %s to the Express app (404 here, no delivery read)', async (method, path) => {
    const res = await fetch(fx.server.url.replace('/api/webhooks', path), { method, ...(method === 'POST' && { body: '{}' }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringContaining('No route for') });
  });
});

describe('POST /api/webhooks: accepted deliveries', () => {
  it('answers 200 after storing the event in the inbox', async () => {
    const triggeredAt = '2026-11-20T10:00:00.000Z';
    const d = delivery('orders/paid', 'Route-Test.MyShopify.com', order, { 'x-shopify-triggered-at': triggeredAt });
    const res = await fx.server.post(d);
    expect(res.status).toBe(200);
    const rows = await rowsFor(d.headers['x-shopify-event-id'] ?? '');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      shop_domain: SHOP,
      webhook_id: d.headers['x-shopify-webhook-id'],
      topic: 'orders/paid',
      api_version: '2026-10',
      payload: order,
      status: 'received',
    });
    expect(rows[0]?.triggered_at?.toISOString()).toBe(triggeredAt);
  });

  it.each(['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '99999', '10000-01-01', 'soon'])(
    'answers 200 to a triggered-at of %s, storing the event with triggered_at null',
    async (triggeredAt) => {
      const d = delivery('orders/paid', SHOP, order, { 'x-shopify-triggered-at': triggeredAt });
      const res = await fx.server.post(d);
      expect(res.status).toBe(200);
      expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toEqual([
        expect.objectContaining({ triggered_at: null, payload: order, status: 'received' }),
      ]);
    },
  );

  it('answers 200 to an event id of 255 characters', async () => {
    const eventId = `${randomUUID()}${'e'.repeat(219)}`;
    const res = await fx.server.post(delivery('orders/paid', SHOP, order, { 'x-shopify-event-id': eventId }));
    expect(res.status).toBe(200);
    expect(await rowsFor(eventId)).toHaveLength(1);
  });

  it('answers 200 to a duplicate event id and keeps one row', async () => {
    const first = delivery('orders/paid', SHOP, order);
    const eventId = first.headers['x-shopify-event-id'] ?? '';
    // The platform's retry: same event id, new webhook id.
    const retry = delivery('orders/paid', SHOP, order, { 'x-shopify-event-id': eventId });
    expect((await fx.server.post(first)).status).toBe(200);
    expect((await fx.server.post(retry)).status).toBe(200);
    expect(await rowsFor(eventId)).toHaveLength(1);
  });

  it('keeps the same event id of two shops apart', async () => {
    const first = delivery('orders/paid', SHOP, order);
    const eventId = first.headers['x-shopify-event-id'] ?? '';
    const other = delivery('orders/paid', 'other-route-test.myshopify.com', order, { 'x-shopify-event-id': eventId });
    expect((await fx.server.post(first)).status).toBe(200);
    expect((await fx.server.post(other)).status).toBe(200);
    expect(await rowsFor(eventId)).toHaveLength(2);
  });

  it('de-duplicates on the webhook id when there is no event id', async () => {
    const d = delivery('orders/paid', SHOP, order, { 'x-shopify-event-id': '' });
    const webhookId = d.headers['x-shopify-webhook-id'] ?? '';
    expect((await fx.server.post(d)).status).toBe(200);
    expect((await fx.server.post(d)).status).toBe(200);
    const rows = await rowsFor(webhookId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.triggered_at).toBeInstanceOf(Date);
  });

  it('answers 200 to a topic the app ignores, without storing it', async () => {
    const d = delivery('products/update', SHOP, { id: 1 });
    expect((await fx.server.post(d)).status).toBe(200);
    expect(await rowsFor(d.headers['x-shopify-event-id'] ?? '')).toHaveLength(0);
  });

  it('stores valid JSON that jsonb cannot hold (NUL, lone surrogate) without those characters', async () => {
    const d = delivery('orders/paid', SHOP, '{"id": 1, "note": "a\\u0000b\\ud800c"}');
    expect((await fx.server.post(d)).status).toBe(200);
    const rows = await rowsFor(d.headers['x-shopify-event-id'] ?? '');
    expect(rows[0]?.payload).toEqual({ id: 1, note: 'ab\ufffdc' });
  });
});
