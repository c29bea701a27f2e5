import type { JwtPayload, Shopify } from '@shopify/shopify-api';
import { parseShopDomain } from '../shopify/shop-domain.js';

export type SessionTokenValidation =
  | { valid: true; shop: string; userId: string; sessionId: string | null; token: string; payload: JwtPayload }
  | { valid: false; reason: 'missing_token' | 'invalid_token' | 'missing_claims' | 'invalid_shop'; detail: string };

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Checks the `Authorization: Bearer <session token>` of an embedded-admin request (CONTRACT.md, "Installing a shop").
 *
 * The library's `decodeSessionToken` verifies the signature with the app secret accepting HS256 only (so
 * `alg: none` and other algorithms fail), checks `exp` and `nbf` with a 10 s clock tolerance (jose's
 * `clockTolerance`) and `aud` against the API key. jose checks `exp`/`nbf` only when present, so their presence
 * is required here, as are `sub`, a `dest` on a myshopify domain and an `iss` of the same shop's admin.
 */
export async function validateSessionToken(
  shopify: Shopify,
  authorization: string | undefined,
): Promise<SessionTokenValidation> {
  const token = authorization ? BEARER.exec(authorization.trim())?.[1] : undefined;
  if (!token) return { valid: false, reason: 'missing_token', detail: 'Missing session token' };

  let payload: JwtPayload;
  try {
    payload = await shopify.session.decodeSessionToken(token);
  } catch (error) {
    // The library's message repeats the token; keep it out of answers and logs.
    const detail = (error as Error).message.replace(token, '<token>');
    return { valid: false, reason: 'invalid_token', detail };
  }

  if (typeof payload.exp !== 'number' || typeof payload.nbf !== 'number') {
    return { valid: false, reason: 'missing_claims', detail: 'Session token lacks exp or nbf' };
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    return { valid: false, reason: 'missing_claims', detail: 'Session token lacks sub' };
  }
  const dest = typeof payload.dest === 'string' ? /^https:\/\/([^/]+)\/?$/.exec(payload.dest)?.[1] : undefined;
  const shop = parseShopDomain(dest);
  if (!shop) return { valid: false, reason: 'invalid_shop', detail: 'Session token dest is not a shop' };
  const issuerShop = typeof payload.iss === 'string' ? /^https:\/\/([^/]+)\/admin\/?$/.exec(payload.iss)?.[1] : undefined;
  if (parseShopDomain(issuerShop) !== shop) {
    return { valid: false, reason: 'invalid_shop', detail: 'Session token iss and dest name different shops' };
  }

  return {
    valid: true,
    shop,
    userId: payload.sub,
    sessionId: typeof payload.sid === 'string' ? payload.sid : null,
    token,
    payload,
  };
}
