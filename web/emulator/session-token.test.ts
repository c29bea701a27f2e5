import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { TEST_API_KEY, TEST_API_SECRET, testShopifyApi } from './test-support.js';

const SHOP = 'kaffeehaus.myshopify.com';
let emulator: Emulator;
const shopify = testShopifyApi();

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await emulator.close();
});

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('session tokens', () => {
  it('are accepted by the library with the claims App Bridge sets', async () => {
    const token = emulator.mintSessionToken(SHOP, { userId: '42' });
    const payload = await shopify.session.decodeSessionToken(token);
    const now = Math.floor(Date.now() / 1000);
    expect(payload).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: TEST_API_KEY, sub: '42' });
    expect(payload.exp).toBeGreaterThanOrEqual(now + 59);
    expect(payload.exp).toBeLessThanOrEqual(now + 61);
    expect(payload.nbf).toBeLessThanOrEqual(now);
    expect(payload.iat).toBeLessThanOrEqual(now);
    expect(typeof payload.jti).toBe('string');
    expect(typeof payload.sid).toBe('string');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('differ in jti and sid every time', () => {
    const a = claims(emulator.mintSessionToken(SHOP));
    const b = claims(emulator.mintSessionToken(SHOP));
    expect(a.jti).not.toBe(b.jti);
    expect(a.sid).not.toBe(b.sid);
  });

  it.each([
    ['signed with another secret', { secret: 'not-the-secret' }],
    ['expired beyond the leeway', { expiresInSeconds: -30 }],
    ['not valid yet beyond the leeway', { notBeforeOffsetSeconds: 60 }],
    ['for another app', { audience: 'another-app' }],
  ])('are refused by the library when %s', async (_case, options) => {
    const token = emulator.mintSessionToken(SHOP, options);
    await expect(shopify.session.decodeSessionToken(token)).rejects.toThrow();
  });

  it('stay valid within the 10 s leeway', async () => {
    const token = emulator.mintSessionToken(SHOP, { expiresInSeconds: -5 });
    await expect(shopify.session.decodeSessionToken(token)).resolves.toMatchObject({ dest: `https://${SHOP}` });
  });

  it('are handed to a local admin by GET /session-token', async () => {
    emulator.addShop({ domain: SHOP });
    const res = await fetch(`${emulator.url}/session-token?shop=${SHOP}&user=7`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { token: string; shop: string };
    expect(body.shop).toBe(SHOP);
    await expect(shopify.session.decodeSessionToken(body.token)).resolves.toMatchObject({ sub: '7', dest: `https://${SHOP}` });
    expect((await fetch(`${emulator.url}/session-token?shop=unknown.myshopify.com`)).status).toBe(404);
  });
});
