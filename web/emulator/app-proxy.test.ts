import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { startRecordingApp, TEST_API_KEY, TEST_API_SECRET, testShopifyApi, type RecordingApp } from './test-support.js';

const SHOP = 'kaffeehaus.myshopify.com';
let app: RecordingApp;
let emulator: Emulator;
const shopify = testShopifyApi();

beforeAll(async () => {
  app = await startRecordingApp((request, _req, res) => {
    if (request.path === '/proxy/set-cookie') {
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'session=1', 'x-app': 'loyale' }).end('cookie?');
      return;
    }
    res.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ path: request.path, customer: request.query.get('logged_in_customer_id'), body: request.body }));
  });
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: app.url });
  emulator.addShop({ domain: SHOP });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

/** Shopify's documented algorithm, written out independently: sorted `key=value` pairs (repeats joined by ','), no separator. */
function documentedSignature(pairs: [string, string][], secret: string): string {
  const values: Record<string, string[]> = {};
  for (const [key, value] of pairs) if (key !== 'signature') (values[key] ??= []).push(value);
  const sorted = Object.keys(values)
    .map((key) => `${key}=${values[key]!.join(',')}`)
    .sort();
  return createHmac('sha256', secret).update(sorted.join('')).digest('hex');
}

describe('app proxy signature', () => {
  it('adds the platform parameters and signs them as documented', () => {
    const query = emulator.signProxyQuery(SHOP, '7001', { extra: { reward: 'abc', lang: 'de' }, timestamp: 1_790_000_000 });
    expect([...query.keys()]).toEqual(['reward', 'lang', 'shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'signature']);
    expect(Object.fromEntries(query)).toMatchObject({ shop: SHOP, logged_in_customer_id: '7001', path_prefix: '/apps/loyale', timestamp: '1790000000' });
    expect(query.get('signature')).toBe(documentedSignature([...query], TEST_API_SECRET));
    expect(query.get('signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is accepted by the library, logged in and logged out; a changed value or an old timestamp is not', async () => {
    for (const customer of ['7001', null]) {
      const query = emulator.signProxyQuery(SHOP, customer);
      expect(query.get('logged_in_customer_id')).toBe(customer ?? '');
      await expect(shopify.utils.validateHmac(Object.fromEntries(query), { signator: 'appProxy' })).resolves.toBe(true);
      await expect(shopify.utils.validateHmac(query, { signator: 'appProxy' })).resolves.toBe(true);
    }
    const tampered = emulator.signProxyQuery(SHOP, '7001');
    tampered.set('logged_in_customer_id', '7002');
    await expect(shopify.utils.validateHmac(tampered, { signator: 'appProxy' })).resolves.toBe(false);
    const old = emulator.signProxyQuery(SHOP, '7001', { timestamp: Math.floor(Date.now() / 1000) - 300 });
    await expect(shopify.utils.validateHmac(old, { signator: 'appProxy' })).rejects.toThrow(/tolerance/);
    const forged = emulator.signProxyQuery(SHOP, '7001', { secret: 'forged' });
    await expect(shopify.utils.validateHmac(forged, { signator: 'appProxy' })).resolves.toBe(false);
  });
});

describe('storefront forwarding', () => {
  it('forwards /apps/loyale/* to the app’s /proxy/* with the shopper’s query and a valid signature', async () => {
    const res = await fetch(`${emulator.url}/apps/loyale/customer?shop=${SHOP}&tag=a&tag=b&logged_in_customer_id=999`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ path: '/proxy/customer', customer: '', body: '' });
    const forwarded = app.requests.at(-1)!;
    expect(forwarded.query.getAll('tag')).toEqual(['a', 'b']);
    expect(forwarded.query.getAll('shop')).toEqual([SHOP]);
    expect(forwarded.query.get('signature')).toBe(documentedSignature([...forwarded.query], TEST_API_SECRET));
    await expect(shopify.utils.validateHmac(forwarded.query, { signator: 'appProxy' })).resolves.toBe(true);
  });

  it('sends the customer the browser logged in as, and nobody after logging out', async () => {
    const login = await fetch(`${emulator.url}/login-as?shop=${SHOP}&customer=7001`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe(`emulator_customer_${SHOP}=7001`);
    const loggedIn = await fetch(`${emulator.url}/apps/loyale/customer?shop=${SHOP}`, { headers: { cookie } });
    expect(await loggedIn.json()).toMatchObject({ customer: '7001' });
    const logout = await fetch(`${emulator.url}/logout?shop=${SHOP}`, { redirect: 'manual', headers: { cookie } });
    expect(logout.headers.get('set-cookie')).toMatch(new RegExp(`^emulator_customer_${SHOP}=;`));
  });

  it('forwards the method and body and answers with the app’s status', async () => {
    const res = await fetch(`${emulator.url}/apps/loyale/rewards/r1/redeem?shop=${SHOP}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `emulator_customer_${SHOP}=7001` },
      body: '{"x":1}',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ path: '/proxy/rewards/r1/redeem', customer: '7001', body: '{"x":1}' });
    expect(app.requests.at(-1)!.method).toBe('POST');
  });

  it('keeps the app’s cookies away from the storefront but passes its other headers', async () => {
    const res = await fetch(`${emulator.url}/apps/loyale/set-cookie?shop=${SHOP}`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-app')).toBe('loyale');
  });

  it('picks the only shop without ?shop= and refuses an unknown shop', async () => {
    expect((await fetch(`${emulator.url}/apps/loyale/customer`)).status).toBe(200);
    expect(app.requests.at(-1)!.query.get('shop')).toBe(SHOP);
    expect((await fetch(`${emulator.url}/apps/loyale/customer?shop=nope.myshopify.com`)).status).toBe(404);
  });

  it('answers 502 when the app does not answer', async () => {
    const lonely = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
    try {
      lonely.addShop({ domain: SHOP });
      expect((await fetch(`${lonely.url}/apps/loyale/customer`)).status).toBe(502);
    } finally {
      await lonely.close();
    }
  });
});
