import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';

export interface MintSessionTokenOptions {
  /** `sub`: the staff member's id. @defaultValue '1' */
  userId?: string;
  /** @defaultValue 60 */
  expiresInSeconds?: number;
  /** `aud`. @defaultValue the app's API key */
  audience?: string;
  /** Signing secret. @defaultValue the app's API secret */
  secret?: string;
  /** `nbf` relative to now (positive: not valid yet). @defaultValue 0 */
  notBeforeOffsetSeconds?: number;
}

/** Claims of an App Bridge session token. */
export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

/** Shopify's clock leeway for session tokens (the library's too). */
export const SESSION_TOKEN_LEEWAY_SECONDS = 10;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * An HS256 JWT exactly as App Bridge hands it to the app's frontend. Signed with node's HMAC (synchronously, so
 * tests and the demo can mint tokens inline); verified elsewhere with `jose`, as the library does.
 */
export function mintSessionToken(shop: string, apiKey: string, apiSecret: string, options: MintSessionTokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: options.audience ?? apiKey,
    sub: options.userId ?? '1',
    exp: now + (options.expiresInSeconds ?? 60),
    nbf: now + (options.notBeforeOffsetSeconds ?? 0),
    iat: now,
    jti: randomUUID(),
    sid: randomBytes(16).toString('hex'),
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', options.secret ?? apiSecret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

export type SubjectTokenCheck =
  | { valid: true; shop: string; claims: SessionTokenClaims }
  | { valid: false; reason: string };

/** Verifies a token-exchange subject token: HS256 with the secret, audience = API key, exp/nbf with leeway, a shop `dest`. */
export async function verifySubjectToken(token: string, apiKey: string, apiSecret: string): Promise<SubjectTokenCheck> {
  let claims: SessionTokenClaims;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(apiSecret), {
      algorithms: ['HS256'],
      audience: apiKey,
      clockTolerance: SESSION_TOKEN_LEEWAY_SECONDS,
      requiredClaims: ['exp', 'nbf', 'dest'],
    });
    claims = verified.payload as unknown as SessionTokenClaims;
  } catch (error) {
    const reason = error instanceof joseErrors.JOSEError ? error.message : 'malformed token';
    return { valid: false, reason };
  }
  let shop: string;
  try {
    shop = new URL(claims.dest).hostname.toLowerCase();
  } catch {
    return { valid: false, reason: 'dest is not a URL' };
  }
  if (!SHOP_DOMAIN.test(shop)) return { valid: false, reason: 'dest is not a shop domain' };
  if (claims.iss !== undefined && new URL(String(claims.iss), 'https://invalid').hostname.toLowerCase() !== shop) {
    return { valid: false, reason: 'iss and dest name different shops' };
  }
  return { valid: true, shop, claims };
}

export function isShopDomain(value: string): boolean {
  return SHOP_DOMAIN.test(value);
}
