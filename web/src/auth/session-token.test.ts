import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_API_KEY, DEV_API_SECRET, loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { createShopifyApi } from '../shopify/api.js';
import { validateSessionToken } from './session-token.js';

const shopify = createShopifyApi(loadConfig({}), createLogger('silent'));
const SHOP = 'token-test.myshopify.com';

interface TokenOptions {
  claims?: Record<string, unknown>;
  omit?: string[];
  secret?: string;
  alg?: string;
}

async function token({ claims = {}, omit = [], secret = DEV_API_SECRET, alg = 'HS256' }: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: `https://${SHOP}/admin`,
    dest: `https://${SHOP}`,
    aud: DEV_API_KEY,
    sub: '77',
    exp: now + 60,
    nbf: now,
    iat: now,
    jti: 'jti-1',
    sid: 'sid-1',
    ...claims,
  };
  for (const key of omit) delete payload[key];
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('validateSessionToken', () => {
  it('accepts a valid token and reads shop, user and session', async () => {
    const result = await validateSessionToken(shopify, `Bearer ${await token()}`);
    expect(result).toMatchObject({ valid: true, shop: SHOP, userId: '77', sessionId: 'sid-1' });
  });

  it.each([
    ['no header', undefined, 'missing_token'],
    ['an empty header', '', 'missing_token'],
    ['a scheme without a token', 'Bearer', 'missing_token'],
    ['a scheme and blanks', 'Bearer   ', 'missing_token'],
    ['another scheme', 'Basic abc', 'malformed_header'],
    ['a scheme glued to its token', 'Bearerabc', 'malformed_header'],
    ['two tokens', 'Bearer a b', 'malformed_header'],
    ['garbage', 'Bearer not.a.jwt', 'invalid_token'],
  ])('rejects %s', async (_name, header, reason) => {
    expect(await validateSessionToken(shopify, header)).toMatchObject({ valid: false, reason });
  });

  it.each<[string, () => Promise<string>, string]>([
    ['a token signed with another secret (forged)', () => token({ secret: 'not-the-secret-not-the-secret!!' }), 'invalid_token'],
    ['a token for another app (audience)', () => token({ claims: { aud: 'another-app' } }), 'invalid_token'],
    ['a token expired beyond the 10 s leeway', () => token({ claims: { exp: now() - 15 } }), 'invalid_token'],
    ['a token not valid for another 15 s', () => token({ claims: { nbf: now() + 15 } }), 'invalid_token'],
    ['an HS512 token', () => token({ alg: 'HS512' }), 'invalid_token'],
    ['a token without exp', () => token({ omit: ['exp'] }), 'missing_claims'],
    ['a token without nbf', () => token({ omit: ['nbf'] }), 'missing_claims'],
    ['a token without sub', () => token({ omit: ['sub'] }), 'missing_claims'],
    ['a dest that is not a shop', () => token({ claims: { dest: 'https://evil.example.com' } }), 'invalid_shop'],
    ['a dest with a path', () => token({ claims: { dest: `https://${SHOP}/x` } }), 'invalid_shop'],
    ['a dest whose shop name is no DNS label (64 characters)', () => {
      const long = `${'a'.repeat(64)}.myshopify.com`;
      return token({ claims: { dest: `https://${long}`, iss: `https://${long}/admin` } });
    }, 'invalid_shop'],
    ['an iss of another shop', () => token({ claims: { iss: 'https://other.myshopify.com/admin' } }), 'invalid_shop'],
  ])('rejects %s', async (_name, make, reason) => {
    expect(await validateSessionToken(shopify, `Bearer ${await make()}`)).toMatchObject({ valid: false, reason });
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const payload = { iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: DEV_API_KEY, sub: '1', exp: now() + 60, nbf: now() };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(await validateSessionToken(shopify, `Bearer ${unsigned}`)).toMatchObject({ valid: false, reason: 'invalid_token' });
  });

  it('allows 10 s of clock leeway on exp and nbf', async () => {
    const expiredJustNow = await token({ claims: { exp: now() - 5 } });
    const validSoon = await token({ claims: { nbf: now() + 5 } });
    expect(await validateSessionToken(shopify, `Bearer ${expiredJustNow}`)).toMatchObject({ valid: true });
    expect(await validateSessionToken(shopify, `Bearer ${validSoon}`)).toMatchObject({ valid: true });
  });

  it('keeps the token out of the rejection detail', async () => {
    const forged = await token({ secret: 'not-the-secret-not-the-secret!!' });
    const result = await validateSessionToken(shopify, `Bearer ${forged}`);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.detail).not.toContain(forged);
  });
});
