import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_API_SECRET, loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { createShopifyApi } from '../shopify/api.js';
import { verifyProxyQuery } from './verify.js';

const shopify = createShopifyApi(loadConfig({}), createLogger('silent'));
const SHOP = 'proxy-test.myshopify.com';
/** One clock for signing and verifying: a second that passes between the two must not move a boundary case. */
const NOW = Math.floor(Date.now() / 1000);
const now = () => NOW;
const verify = (query: URLSearchParams) => verifyProxyQuery(shopify, query, NOW);

/** Signs as the platform does: `key=value` strings (repeats joined by `,`), sorted, concatenated, hex HMAC. */
function sign(params: [string, string][], secret = DEV_API_SECRET): URLSearchParams {
  const grouped: Record<string, string[]> = {};
  for (const [key, value] of params) (grouped[key] ??= []).push(value);
  const message = Object.entries(grouped)
    .map(([key, values]) => `${key}=${values.join(',')}`)
    .sort()
    .join('');
  const query = new URLSearchParams(params);
  query.append('signature', createHmac('sha256', secret).update(message).digest('hex'));
  return query;
}

function proxyParams(customerId = '', timestamp = now(), extra: [string, string][] = []): [string, string][] {
  return [
    ['shop', SHOP],
    ['logged_in_customer_id', customerId],
    ['path_prefix', '/apps/loyale'],
    ['timestamp', String(timestamp)],
    ...extra,
  ];
}

describe('verifyProxyQuery', () => {
  it('accepts a logged-out request', async () => {
    expect(await verify(sign(proxyParams()))).toEqual({ valid: true, shop: SHOP, customerId: null });
  });

  it('accepts a logged-in request and reads the customer', async () => {
    expect(await verify(sign(proxyParams('4711')))).toEqual({ valid: true, shop: SHOP, customerId: '4711' });
  });

  it('accepts repeated parameters joined with commas', async () => {
    const query = sign(proxyParams('1', now(), [['tag', 'a'], ['tag', 'b']]));
    expect(await verify(query)).toMatchObject({ valid: true });
  });

  it('sorts the key=value strings as the platform does, also where localeCompare would not', async () => {
    const query = sign(proxyParams('1', now(), [['Zeta', '1'], ['alpha', '2'], ['a_b', '3'], ['aB', '4']]));
    expect(await verify(query)).toMatchObject({ valid: true });
  });

  it.each<[string, () => URLSearchParams, string]>([
    ['a tampered customer id', () => {
      const q = sign(proxyParams('1'));
      q.set('logged_in_customer_id', '2');
      return q;
    }, 'bad_signature'],
    ['a tampered shop', () => {
      const q = sign(proxyParams('1'));
      q.set('shop', 'other.myshopify.com');
      return q;
    }, 'bad_signature'],
    ['an added parameter', () => {
      const q = sign(proxyParams('1'));
      q.append('extra', 'x');
      return q;
    }, 'bad_signature'],
    ['another secret', () => sign(proxyParams('1'), 'another-secret'), 'bad_signature'],
    ['a signature that is not hex', () => new URLSearchParams([...proxyParams('1'), ['signature', 'Z'.repeat(64)]]), 'bad_signature'],
    ['no signature', () => new URLSearchParams(proxyParams('1')), 'missing_signature'],
    ['an empty signature', () => new URLSearchParams([...proxyParams('1'), ['signature', '']]), 'missing_signature'],
    ['a timestamp 91 s old', () => sign(proxyParams('1', now() - 91)), 'stale_timestamp'],
    ['a timestamp 91 s ahead', () => sign(proxyParams('1', now() + 91)), 'stale_timestamp'],
    ['a timestamp that is not a number', () => sign([['shop', SHOP], ['timestamp', 'soon']]), 'stale_timestamp'],
    ['no timestamp', () => sign([['shop', SHOP], ['logged_in_customer_id', '']]), 'stale_timestamp'],
    ['a repeated shop', () => sign([...proxyParams('1'), ['shop', 'other.myshopify.com']]), 'bad_signature'],
    ['a signed shop that is not a myshopify domain', () => sign([['shop', 'evil.example.com'], ['timestamp', String(now())]]), 'invalid_shop'],
    ['a signed shop whose name is 300 characters', () => sign([['shop', `${'a'.repeat(300)}.myshopify.com`], ['timestamp', String(now())]]), 'invalid_shop'],
    ['a signed customer id that is not numeric', () => sign(proxyParams('abc')), 'invalid_customer'],
  ])('rejects %s', async (_name, make, reason) => {
    expect(await verify(make())).toEqual({ valid: false, reason });
  });

  it('refuses a key with "=" in it: the platform\'s signature of a logged-out request cannot be re-split into a logged-in one', async () => {
    // A logged-out shopper asks for ?a=logged_in_customer_id%3D123; the platform signs what it forwards.
    const t = String(now());
    const signed = sign([['a', 'logged_in_customer_id=123'], ...proxyParams('', Number(t))]);
    const signature = signed.get('signature')!;
    // The same concatenated message, split differently: "a=" + "logged_in_customer_id=123" + "logged_in_customer_id=path_prefix=/apps/loyale" ...
    const forged = new URLSearchParams([
      ['a', ''],
      ['logged_in_customer_id', '123'],
      ['logged_in_customer_id=path_prefix', '/apps/loyale'],
      ['shop', SHOP],
      ['timestamp', t],
      ['signature', signature],
    ]);
    expect(await verify(forged)).toEqual({ valid: false, reason: 'bad_signature' });
    // What the platform forwarded stays what it is: a logged-out request.
    expect(await verify(signed)).toEqual({ valid: true, shop: SHOP, customerId: null });
  });

  it('accepts the hex signature in upper or mixed case', async () => {
    const upper = sign(proxyParams('4711'));
    upper.set('signature', upper.get('signature')!.toUpperCase());
    expect(await verify(upper)).toEqual({ valid: true, shop: SHOP, customerId: '4711' });
    const mixed = sign(proxyParams('4711'));
    mixed.set('signature', [...mixed.get('signature')!].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''));
    expect(await verify(mixed)).toMatchObject({ valid: true });
  });

  it('an upper-case signature of other parameters is still refused', async () => {
    const query = sign(proxyParams('1'));
    query.set('signature', query.get('signature')!.toUpperCase());
    query.set('logged_in_customer_id', '2');
    expect(await verify(query)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('accepts timestamps 89 s off either way', async () => {
    expect(await verify(sign(proxyParams('1', now() - 89)))).toMatchObject({ valid: true });
    expect(await verify(sign(proxyParams('1', now() + 89)))).toMatchObject({ valid: true });
  });
});
