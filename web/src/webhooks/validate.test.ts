import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateWebhookRequest, type WebhookRejection } from './validate.js';

const SECRET = 'unit-secret';
const BODY = '{"id":1}';

function headers(body: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
    'x-shopify-topic': 'orders/paid',
    'x-shopify-shop-domain': 'unit.myshopify.com',
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': 'webhook-1',
    'x-shopify-event-id': 'event-1',
    'x-shopify-triggered-at': '2026-11-20T10:00:00Z',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const validate = (body: string | Buffer, h: Record<string, string>) =>
  validateWebhookRequest(SECRET, h, typeof body === 'string' ? Buffer.from(body) : body);

/** `{"a":"<0xFF 0xFE>"}`: not UTF-8. */
const NOT_UTF8 = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
const hmacOf = (bytes: Buffer | string) => createHmac('sha256', SECRET).update(bytes).digest('base64');

describe('validateWebhookRequest', () => {
  it.each<[string, string, Record<string, string | undefined>, WebhookRejection]>([
    ['no HMAC', BODY, { 'x-shopify-hmac-sha256': undefined }, 'unauthorized'],
    ['an empty HMAC', BODY, { 'x-shopify-hmac-sha256': '' }, 'unauthorized'],
    ['an HMAC of another secret', BODY, { 'x-shopify-hmac-sha256': createHmac('sha256', 'x').update(BODY).digest('base64') }, 'unauthorized'],
    ['a wrong HMAC and no other header', BODY, {
      'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-topic': undefined, 'x-shopify-shop-domain': undefined,
      'x-shopify-api-version': undefined, 'x-shopify-webhook-id': undefined,
    }, 'unauthorized'],
    ['no topic', BODY, { 'x-shopify-topic': undefined }, 'missing_headers'],
    ['no shop domain', BODY, { 'x-shopify-shop-domain': undefined }, 'missing_headers'],
    ['no API version', BODY, { 'x-shopify-api-version': undefined }, 'missing_headers'],
    ['no webhook id', BODY, { 'x-shopify-webhook-id': '' }, 'missing_headers'],
    ['a shop domain with a path', BODY, { 'x-shopify-shop-domain': 'a.myshopify.com/x' }, 'invalid_shop_domain'],
    ['a shop domain with a port', BODY, { 'x-shopify-shop-domain': 'a.myshopify.com:443' }, 'invalid_shop_domain'],
    ['a shop domain with an empty label', BODY, { 'x-shopify-shop-domain': 'a..myshopify.com' }, 'invalid_shop_domain'],
    ['a shop domain label of 64 characters', BODY, { 'x-shopify-shop-domain': `${'a'.repeat(64)}.myshopify.com` }, 'invalid_shop_domain'],
    ['a shop domain starting with a hyphen', BODY, { 'x-shopify-shop-domain': '-shop.example.com' }, 'invalid_shop_domain'],
  ])('refuses %s', async (_label, body, overrides, reason) => {
    const result = await validate(body, headers(body, overrides));
    expect(result).toMatchObject({ valid: false, reason });
  });

  it.each([['broken JSON', '{"id":'], ['empty', ''], ['two values', '{} {}'], ['NaN', 'NaN']])(
    'refuses a signed body that is %s: not JSON',
    async (_label, body) => {
      expect(await validate(body, headers(body))).toEqual({ valid: false, reason: 'invalid_body', message: 'The body is not JSON' });
    },
  );

  // The contract: "body not JSON → 400; otherwise 200": the handler of the topic decides what it takes.
  it.each([['an array', '[]'], ['null', 'null'], ['a number', '42'], ['a string', '"x"'], ['false', 'false']])(
    'accepts a signed body that is JSON but %s, as sent',
    async (_label, body) => {
      expect(await validate(body, headers(body))).toMatchObject({ valid: true, delivery: { body } });
    },
  );

  it.each([
    ['shop.example.com', 'shop.example.com'],
    ['Shop.Example.COM', 'shop.example.com'],
    ['shop.example.com.', 'shop.example.com'],
    ['localhost', 'localhost'],
    ['abc-.myshopify.com', 'abc-.myshopify.com'],
  ])('accepts the shop domain %s as %s', async (domain, shopDomain) => {
    expect(await validate(BODY, headers(BODY, { 'x-shopify-shop-domain': domain }))).toMatchObject({ valid: true, delivery: { shopDomain } });
  });

  it('checks the HMAC of a body that is not UTF-8 over its bytes, then refuses the body as not JSON', async () => {
    expect(await validate(NOT_UTF8, headers('', { 'x-shopify-hmac-sha256': hmacOf(NOT_UTF8) }))).toEqual({
      valid: false,
      reason: 'invalid_body',
      message: 'The body is not JSON (not valid UTF-8)',
    });
    // Signed over the text its bytes decode to (U+FFFD for each bad byte): other bytes than were sent.
    const lossy = hmacOf(NOT_UTF8.toString('utf8'));
    expect(await validate(NOT_UTF8, headers('', { 'x-shopify-hmac-sha256': lossy }))).toMatchObject({ valid: false, reason: 'unauthorized' });
    expect(await validate(NOT_UTF8, headers('', { 'x-shopify-hmac-sha256': hmacOf(NOT_UTF8), 'x-shopify-topic': undefined }))).toMatchObject({
      valid: false,
      reason: 'missing_headers',
    });
  });

  it('checks the HMAC of a body that could not be read over the bytes as sent, and refuses it last', async () => {
    const sent = Buffer.from('\x1f\x8b broken gzip');
    const check = (h: Record<string, string>) => validateWebhookRequest(SECRET, h, sent, 'The body could not be decompressed');
    expect(await check(headers('', { 'x-shopify-hmac-sha256': hmacOf(sent) }))).toEqual({
      valid: false,
      reason: 'invalid_body',
      message: 'The body could not be decompressed',
    });
    expect(await check(headers('', { 'x-shopify-hmac-sha256': hmacOf('{"id":1}') }))).toMatchObject({ valid: false, reason: 'unauthorized' });
    expect(await check(headers('', { 'x-shopify-hmac-sha256': hmacOf(sent), 'x-shopify-api-version': undefined }))).toMatchObject({
      valid: false,
      reason: 'missing_headers',
    });
  });

  it('lists every missing header', async () => {
    const result = await validate(BODY, headers(BODY, { 'x-shopify-topic': undefined, 'x-shopify-webhook-id': undefined }));
    expect(result).toEqual({
      valid: false,
      reason: 'missing_headers',
      message: 'Missing headers: X-Shopify-Topic, X-Shopify-Webhook-Id',
    });
  });

  it('accepts a signed delivery and keys it by the event id', async () => {
    expect(await validate(BODY, headers(BODY, { 'x-shopify-shop-domain': 'Unit.MyShopify.com' }))).toEqual({
      valid: true,
      delivery: {
        topic: 'orders/paid',
        shopDomain: 'unit.myshopify.com',
        apiVersion: '2026-10',
        webhookId: 'webhook-1',
        eventKey: 'event-1',
        triggeredAt: '2026-11-20T10:00:00.000Z',
        body: BODY,
      },
    });
  });

  it('keys a delivery without event id by its webhook id, and ignores a triggered-at that is no date', async () => {
    const result = await validate(BODY, headers(BODY, { 'x-shopify-event-id': undefined, 'x-shopify-triggered-at': 'soon' }));
    expect(result).toMatchObject({ valid: true, delivery: { eventKey: 'webhook-1', triggeredAt: null } });
  });

  it.each(['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '99999', '10000-01-01', '1969-12-31T23:59:59Z'])(
    'takes a delivery whose triggered-at %s is out of range, with triggeredAt null (metadata, optional)',
    async (triggeredAt) => {
      const result = await validate(BODY, headers(BODY, { 'x-shopify-triggered-at': triggeredAt }));
      expect(result).toMatchObject({ valid: true, delivery: { eventKey: 'event-1', triggeredAt: null } });
    },
  );

  it.each<[string, string, string]>([
    ['x-shopify-event-id', 'X-Shopify-Event-Id', 'e'.repeat(8000)],
    ['x-shopify-webhook-id', 'X-Shopify-Webhook-Id', 'w'.repeat(256)],
    ['x-shopify-topic', 'X-Shopify-Topic', `orders/${'p'.repeat(300)}`],
    ['x-shopify-shop-domain', 'X-Shopify-Shop-Domain', `${'s'.repeat(8000)}.myshopify.com`],
    ['x-shopify-api-version', 'X-Shopify-API-Version', '2'.repeat(256)],
  ])('refuses a %s longer than 255 characters', async (header, label, value) => {
    expect(await validate(BODY, headers(BODY, { [header]: value }))).toEqual({
      valid: false,
      reason: 'oversized_headers',
      message: `Headers longer than 255 characters: ${label}`,
    });
  });

  it('takes header values of exactly 255 characters', async () => {
    const result = await validate(BODY, headers(BODY, { 'x-shopify-event-id': 'e'.repeat(255) }));
    expect(result).toMatchObject({ valid: true, delivery: { eventKey: 'e'.repeat(255) } });
  });

  it('checks the HMAC before the header lengths', async () => {
    const result = await validate(BODY, headers(BODY, { 'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-event-id': 'e'.repeat(8000) }));
    expect(result).toMatchObject({ valid: false, reason: 'unauthorized' });
  });

  it('verifies the HMAC over the bytes as sent (non-ASCII text)', async () => {
    const body = '{"name":"Müller – 10 % Rabatt"}';
    expect(await validate(body, headers(body))).toMatchObject({ valid: true });
  });
});
