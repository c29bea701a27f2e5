import { createHmac, randomUUID } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMIT_BYTES } from './route.js';
import { useWebhookRoute } from './test-fixture.js';
import { delivery, sign } from './test-support.js';

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

/** Posts `body` (bytes as given) with the headers of a delivery. */
async function postBytes(headers: Record<string, string>, body: Uint8Array | string): Promise<{ status: number; body: string }> {
  const res = await fetch(fx.server.url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

/** A delivery whose headers sign `signed` (bytes) and whose body is sent as `sent` (default: those bytes). */
function bytesDelivery(signed: Uint8Array, headers: Record<string, string> = {}) {
  const d = delivery('orders/paid', SHOP, '', { 'x-shopify-hmac-sha256': sign(signed), ...headers });
  return { headers: d.headers, eventKey: d.headers['x-shopify-event-id'] ?? '' };
}

const eventKeyOf = (d: { headers: Record<string, string> }) => d.headers['x-shopify-event-id'] ?? '';

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

  // The contract requires the header, nothing of its form: a value that cannot be a host name at all is as good as missing.
  it.each(['evil.example.com/x', 'https://a.myshopify.com', 'shop.example.com:443', 'a shop.myshopify.com', '..', '-', 'a..b', 'bücher.example'])(
    'answers 400 to a shop domain %j that cannot be a host name, storing nothing',
    async (shop) => {
      const d = delivery('orders/paid', shop, order);
      const res = await fx.server.post(d);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: 'X-Shopify-Shop-Domain must be a host name' });
      expect(await rowsFor(eventKeyOf(d))).toHaveLength(0);
    },
  );

  it.each([
    ['not JSON', '{"id": 1'],
    ['empty', ''],
    ['only white space', ' \n'],
    ['JSON behind a byte order mark', '\ufeff{"id": 1}'],
  ])('answers 400 to a signed body that is %s, storing nothing', async (_label, body) => {
    const d = delivery('orders/paid', SHOP, body);
    const res = await fx.server.post(d);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'The body is not JSON' });
    expect(await rowsFor(eventKeyOf(d))).toHaveLength(0);
  });

  // A JSON string holding the bytes 0xFF 0xFE: not UTF-8, so not JSON text (RFC 8259 §8.1).
  const notUtf8 = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

  it('answers 400 to a body that is not UTF-8 when the HMAC is right over its bytes', async () => {
    const d = bytesDelivery(notUtf8);
    const res = await postBytes(d.headers, notUtf8);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'The body is not JSON (not valid UTF-8)' });
    expect(await rowsFor(d.eventKey)).toHaveLength(0);
  });

  it('answers 401 to a body that is not UTF-8 whose HMAC is not over its bytes (e.g. over its lossy decoding)', async () => {
    const d = bytesDelivery(Buffer.from(notUtf8.toString('utf8')));
    expect((await postBytes(d.headers, notUtf8)).status).toBe(401);
  });

  it('answers 401 to a body that is not UTF-8 and no HMAC, and 400 for the other headers first when it is signed', async () => {
    const { 'x-shopify-hmac-sha256': _, ...unsigned } = bytesDelivery(notUtf8).headers;
    expect((await postBytes(unsigned, notUtf8)).status).toBe(401);
    const res = await postBytes(bytesDelivery(notUtf8, { 'x-shopify-topic': '' }).headers, notUtf8);
    expect([res.status, JSON.parse(res.body)]).toEqual([400, { error: 'Missing headers: X-Shopify-Topic' }]);
  });
});

describe('POST /api/webhooks: a missing HMAC comes first, before the body is read', () => {
  const unsigned = (headers: Record<string, string> = {}) => delivery('orders/paid', SHOP, order, { 'x-shopify-hmac-sha256': '', ...headers });

  it.each([
    ['a body in an encoding the app cannot read', { 'content-encoding': 'compress' }, JSON.stringify(order)],
    ['a Brotli body', { 'content-encoding': 'br' }, brotliCompressSync(JSON.stringify(order))],
    ['a gzip body that does not decompress', { 'content-encoding': 'gzip' }, JSON.stringify(order)],
    ['a body above the size limit', {}, JSON.stringify({ pad: 'x'.repeat(WEBHOOK_BODY_LIMIT_BYTES + 1) })],
    ['a gzip body that inflates above the size limit', { 'content-encoding': 'gzip' }, gzipSync('x'.repeat(WEBHOOK_BODY_LIMIT_BYTES + 1))],
    ['no other header either', { 'x-shopify-topic': '', 'x-shopify-shop-domain': '', 'x-shopify-webhook-id': '' }, 'not json'],
  ])('answers 401 to %s', async (_label, headers, body) => {
    const d = unsigned(headers);
    const res = await postBytes(d.headers, body);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'Missing X-Shopify-Hmac-Sha256' });
    expect(await rowsFor(eventKeyOf(d))).toHaveLength(0);
  });
});

describe('POST /api/webhooks: compressed and large bodies', () => {
  const json = JSON.stringify(order);

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
    ['BR', brotliCompressSync],
  ])('accepts a %s body signed over its uncompressed bytes', async (encoding, compress) => {
    const d = delivery('orders/paid', SHOP, json, { 'content-encoding': encoding });
    const res = await postBytes(d.headers, compress(json));
    expect(res.status).toBe(200);
    expect(await rowsFor(eventKeyOf(d))).toEqual([expect.objectContaining({ payload: order })]);
  });

  it('answers 401 to a Brotli body signed over other bytes', async () => {
    const d = delivery('orders/paid', SHOP, json, { 'content-encoding': 'br', 'x-shopify-hmac-sha256': sign('{}') });
    expect((await postBytes(d.headers, brotliCompressSync(json))).status).toBe(401);
  });

  // The uncompressed body is unknown, so the HMAC can only be checked over the bytes as sent: a sender that signed
  // those sent a body that is not JSON as far as the app can tell (400); any other signature is not shown right (401).
  it.each([
    ['a gzip body that does not decompress', 'gzip', Buffer.from(json), 'The body could not be decompressed'],
    ['a gzip body cut short', 'gzip', gzipSync(json).subarray(0, 20), 'The body could not be decompressed'],
    ['a Brotli body that does not decompress', 'br', Buffer.from(json), 'The body could not be decompressed'],
    ['a body in an encoding the app cannot read', 'compress', Buffer.from(json), 'Unsupported Content-Encoding "compress"'],
    ['a body in two encodings', 'gzip, br', brotliCompressSync(gzipSync(json)), 'Unsupported Content-Encoding "gzip, br"'],
  ])('answers 400 to %s signed over the bytes as sent, 401 when signed over anything else', async (_label, encoding, sent, error) => {
    const signed = bytesDelivery(sent, { 'content-encoding': encoding });
    const res = await postBytes(signed.headers, sent);
    expect([res.status, JSON.parse(res.body)]).toEqual([400, { error }]);
    expect(await rowsFor(signed.eventKey)).toHaveLength(0);

    const overOther = bytesDelivery(Buffer.from('{"id":1}'), { 'content-encoding': encoding });
    expect((await postBytes(overOther.headers, sent)).status).toBe(401);
    if (!sent.equals(Buffer.from(json))) {
      // The sender may have signed the body before encoding it, as the platform does: no way to tell, so 401.
      const overJson = delivery('orders/paid', SHOP, json, { 'content-encoding': encoding });
      expect((await postBytes(overJson.headers, sent)).status).toBe(401);
    }
    // Contract order: the HMAC, then the other headers, then the body.
    const headerless = bytesDelivery(sent, { 'content-encoding': encoding, 'x-shopify-webhook-id': '' });
    expect((await postBytes(headerless.headers, sent)).status).toBe(400);
    expect(JSON.parse((await postBytes(headerless.headers, sent)).body)).toEqual({ error: 'Missing headers: X-Shopify-Webhook-Id' });
  });

  it('accepts a correctly signed order of several megabytes (many line items) and stores it whole', async () => {
    const lineItems = Array.from({ length: 20_000 }, (_, i) => ({ id: i, title: `Item ${i} ${'x'.repeat(200)}`, price: '1.00', quantity: 1 }));
    const big = { ...order, line_items: lineItems };
    const d = delivery('orders/paid', SHOP, big);
    expect(d.body.length).toBeGreaterThan(4 * 1024 * 1024);
    expect((await fx.server.post(d)).status).toBe(200);
    const { rows } = await fx.client.query<{ items: number }>(
      `SELECT jsonb_array_length(payload -> 'line_items') AS items FROM webhook_events WHERE event_key = $1`,
      [eventKeyOf(d)],
    );
    expect(rows).toEqual([{ items: 20_000 }]);
  });

  it('answers 413 to a signed body above the limit, plain or once inflated', async () => {
    const plain = delivery('orders/paid', SHOP, { pad: 'x'.repeat(WEBHOOK_BODY_LIMIT_BYTES) });
    const res = await fx.server.post(plain);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: expect.any(String) });

    const inflated = JSON.stringify({ pad: 'x'.repeat(WEBHOOK_BODY_LIMIT_BYTES) });
    const bomb = delivery('orders/paid', SHOP, inflated, { 'content-encoding': 'gzip' });
    expect((await postBytes(bomb.headers, gzipSync(inflated))).status).toBe(413);
    expect(await rowsFor(eventKeyOf(bomb))).toHaveLength(0);
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
    ['POST', '/api/webhooksx'],
    ['POST', '/api/webhooks/extra'],
  ])('leaves %s %s to the Express app (404 here, no delivery read)', async (method, path) => {
    const res = await fetch(fx.server.url.replace('/api/webhooks', path), { method, body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringContaining('No route for') });
  });

  it('leaves GET /api/webhooks to the Express app, which answers 405 with Allow: POST (app/app.ts)', async () => {
    const res = await fetch(fx.server.url, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({ error: expect.any(String) });
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

  // The contract: "body not JSON → 400; otherwise 200". A body that is JSON but no object is stored like any other;
  // the topic's handler refuses it (the event fails with the reason, see process.ts), an ignored topic drops it.
  it.each([
    ['an array', '[1, 2]', [1, 2]],
    ['null', 'null', null],
    ['a string', '"x"', 'x'],
    ['a number', '5', 5],
    ['a boolean', 'true', true],
    ['an empty array, padded', ' [ ] ', []],
  ])('answers 200 to a signed body that is JSON but %s, storing it as JSON (not as an erased payload)', async (_label, body, value) => {
    const d = delivery('orders/paid', SHOP, body);
    expect((await fx.server.post(d)).status).toBe(200);
    const { rows } = await fx.client.query<{ erased: boolean; payload: string; status: string }>(
      'SELECT payload IS NULL AS erased, payload::text AS payload, status FROM webhook_events WHERE event_key = $1',
      [eventKeyOf(d)],
    );
    expect(rows).toEqual([{ erased: false, payload: JSON.stringify(value).replace(',', ', '), status: 'received' }]);

    const ignored = delivery('products/update', SHOP, body);
    expect((await fx.server.post(ignored)).status).toBe(200);
    expect(await rowsFor(eventKeyOf(ignored))).toHaveLength(0);
  });

  it.each([
    ['shop.example.com', 'shop.example.com'],
    ['Shop.Example.COM', 'shop.example.com'],
    ['shop.example.com.', 'shop.example.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    [`${'a'.repeat(63)}.myshopify.com`, `${'a'.repeat(63)}.myshopify.com`],
  ])('answers 200 to the shop domain %s, storing it as %s (any host name: the contract has no rule on its form)', async (header, stored) => {
    const d = delivery('orders/paid', header, order);
    expect((await fx.server.post(d)).status).toBe(200);
    expect(await rowsFor(eventKeyOf(d))).toEqual([expect.objectContaining({ shop_domain: stored, payload: order })]);
  });

  it('accepts JSON nested deeper than jsonb holds, keeping its text as a JSON string', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const d = delivery('orders/paid', SHOP, deep);
    expect((await fx.server.post(d)).status).toBe(200);
    const rows = await rowsFor(eventKeyOf(d));
    expect(rows).toEqual([expect.objectContaining({ payload: deep })]);
  });

  it.each([
    ['a number beyond numeric', '{"id": 1, "total": 1e1000000}'],
    ['a NUL and a number beyond a double', '{"id": 1, "note": "a\\u0000b", "total": 1e400}'],
    ['a NUL deeper than this process cleans', `["\\u0000",${'['.repeat(20_000)}${']'.repeat(20_000)}]`],
  ])('accepts JSON with %s, keeping its text as a JSON string', async (_, body) => {
    const d = delivery('orders/paid', SHOP, body);
    expect((await fx.server.post(d)).status).toBe(200);
    expect(await rowsFor(eventKeyOf(d))).toEqual([expect.objectContaining({ payload: body })]);
  });

  it('stores valid JSON that jsonb cannot hold (NUL, lone surrogate) without those characters', async () => {
    const d = delivery('orders/paid', SHOP, '{"id": 1, "note": "a\\u0000b\\ud800c"}');
    expect((await fx.server.post(d)).status).toBe(200);
    const rows = await rowsFor(d.headers['x-shopify-event-id'] ?? '');
    expect(rows[0]?.payload).toEqual({ id: 1, note: 'ab\ufffdc' });
  });
});
