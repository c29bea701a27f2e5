import { RequestedTokenType } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { APP_SCOPES } from '../src/shopify/app-config.js';
import { adminApiStatus, TEST_API_KEY, TEST_API_SECRET, testShopifyApi } from './test-support.js';

const SHOP = 'roesterei.myshopify.com';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await emulator.close();
});

const EXCHANGE = {
  client_id: TEST_API_KEY,
  client_secret: TEST_API_SECRET,
  grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
  subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
  requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
};

async function post(body: Record<string, string>, form = false) {
  const res = await fetch(`${emulator.url}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', accept: 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('token exchange', () => {
  it('gives the library an offline token for the shop named in the session token, and keeps it per installation', async () => {
    const shopify = testShopifyApi(emulator.url);
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: emulator.mintSessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session.shop).toBe(SHOP);
    expect(session.isOnline).toBe(false);
    expect(session.accessToken).toMatch(/^shpat_[0-9a-f]{32}$/);
    expect(session.scope).toBe(APP_SCOPES.join(','));
    expect(emulator.accessToken(SHOP)).toBe(session.accessToken);

    const again = await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken(SHOP) }, true);
    expect(again).toEqual({ status: 200, body: { access_token: session.accessToken, scope: session.scope } });
  });

  it('creates a shop it has not heard of (any dev store installs)', async () => {
    const res = await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken('neuer-laden.myshopify.com') });
    expect(res.status).toBe(200);
    expect(emulator.accessToken('neuer-laden.myshopify.com')).toBe(res.body.access_token);
  });

  it.each([
    ['a wrong client secret', { client_secret: 'wrong' }, 401, 'invalid_client'],
    ['an unknown client id', { client_id: 'someone-else' }, 400, 'invalid_request'],
    ['another grant type', { grant_type: 'authorization_code' }, 400, 'unsupported_grant_type'],
    ['another subject token type', { subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' }, 400, 'invalid_request'],
    ['an unknown requested token type', { requested_token_type: 'urn:shopify:params:oauth:token-type:whatever' }, 400, 'invalid_request'],
  ])('refuses %s', async (_case, override, status, error) => {
    const res = await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken(SHOP), ...override });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
  });

  it.each([
    ['forged (another secret)', () => emulator.mintSessionToken(SHOP, { secret: 'forged' })],
    ['expired', () => emulator.mintSessionToken(SHOP, { expiresInSeconds: -30 })],
    ['not valid yet', () => emulator.mintSessionToken(SHOP, { notBeforeOffsetSeconds: 60 })],
    ['for another app', () => emulator.mintSessionToken(SHOP, { audience: 'other' })],
    ['not a shop', () => emulator.mintSessionToken('example.com')],
    ['unsigned (alg none)', () => {
      const [, payload] = emulator.mintSessionToken(SHOP).split('.');
      return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    }],
    ['garbage', () => 'not-a-jwt'],
  ])('refuses a subject token that is %s with invalid_subject_token', async (_case, token) => {
    const res = await post({ ...EXCHANGE, subject_token: token() });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_subject_token', error_description: expect.stringMatching(/^Subject token is invalid/) });
  });

  it('surfaces a refusal to the library as a failed request with the platform\'s body', async () => {
    // The library checks the session token itself first; a platform that holds another secret refuses the client.
    const refusing = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: 'another-secret', appUrl: 'http://127.0.0.1:9' });
    try {
      const library = testShopifyApi(refusing.url);
      const exchange = library.auth.tokenExchange({
        shop: SHOP,
        sessionToken: emulator.mintSessionToken(SHOP),
        requestedTokenType: RequestedTokenType.OfflineAccessToken,
      });
      await expect(exchange).rejects.toMatchObject({ response: { code: 401, body: { error: 'invalid_client' } } });
    } finally {
      await refusing.close();
    }
  });

  it('issues expiring offline tokens with a refresh token that rotates them', async () => {
    const first = await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken(SHOP), expiring: '1' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7_776_000,
    });
    const refreshed = await post({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const reused = await post({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  describe('migrating a non-expiring offline token to an expiring pair', () => {
    const OFFLINE = 'urn:shopify:params:oauth:token-type:offline-access-token';
    const migration = (token: string, extra: Record<string, unknown> = { expiring: '1' }) =>
      post({ ...EXCHANGE, subject_token: token, subject_token_type: OFFLINE, requested_token_type: OFFLINE, ...extra });
    const nonExpiring = async () => String((await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken(SHOP) })).body.access_token);
    const shopName = (token: string) => adminApiStatus(emulator.url, token);

    it('gives an expiring pair; the old token stops working; a retry gets the same pair until the pair is refreshed', async () => {
      const old = await nonExpiring();
      expect(await shopName(old)).toBe(200);
      const first = await migration(old);
      expect(first).toMatchObject({ status: 200, body: { access_token: expect.stringMatching(/^shpat_/), expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/) } });
      expect(first.body.access_token).not.toBe(old);
      expect(await shopName(old)).toBe(401);
      expect(await shopName(String(first.body.access_token))).toBe(200);

      // The answer was lost: asking again with the old token recovers the same pair.
      const again = await migration(old);
      expect(again.status).toBe(200);
      expect([again.body.access_token, again.body.refresh_token]).toEqual([first.body.access_token, first.body.refresh_token]);

      const refresh = await post({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
      expect(refresh.status).toBe(200);
      expect(await migration(old)).toMatchObject({ status: 400, body: { error: 'invalid_subject_token' } });
    });

    it.each([
      ['without expiring', { expiring: undefined }, 'invalid_request'],
      ['for an online token', { expiring: '1', requested_token_type: 'urn:shopify:params:oauth:token-type:online-access-token' }, 'invalid_request'],
    ])('refuses a migration %s', async (_, extra, error) => {
      expect(await migration(await nonExpiring(), extra)).toMatchObject({ status: 400, body: { error } });
    });

    it('refuses a token that is not a non-expiring offline token of the app', async () => {
      const expiring = await post({ ...EXCHANGE, subject_token: emulator.mintSessionToken(SHOP), expiring: '1' });
      expect(await migration(String(expiring.body.access_token))).toMatchObject({ status: 400, body: { error: 'invalid_subject_token' } });
      expect(await migration('shpat_unknown')).toMatchObject({ status: 400, body: { error: 'invalid_subject_token' } });
    });
  });

  it('answers a malformed body with invalid_request', async () => {
    const res = await fetch(`${emulator.url}/admin/oauth/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });
});
