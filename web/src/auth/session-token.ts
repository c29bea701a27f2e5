import type { JwtPayload, Shopify } from '@shopify/shopify-api';
import { parseShopDomain } from '../shopify/shop-domain.js';

export type SessionTokenValidation =
  | { valid: true; shop: string; userId: string; sessionId: string | null; token: string; payload: JwtPayload }
  | {
      valid: false;
      reason: 'missing_token' | 'malformed_header' | 'invalid_token' | 'missing_claims' | 'invalid_shop';
      detail: string;
    };

type Refusal = Extract<SessionTokenValidation, { valid: false }>;

/** `Bearer` and what follows it: one token (RFC 6750), so no whitespace in it. */
const BEARER = /^Bearer(?:\s+(.*))?$/i;

/** The token of an Authorization header, or why there is none: no token at all, or a header of another shape. */
function bearerToken(authorization: string | undefined): { token: string } | Refusal {
  const header = authorization?.trim() ?? '';
  const credentials = BEARER.exec(header);
  if (header === '' || (credentials && !credentials[1])) {
    return { valid: false, reason: 'missing_token', detail: 'Missing session token' };
  }
  if (!credentials?.[1] || /\s/.test(credentials[1])) {
    return { valid: false, reason: 'malformed_header', detail: 'Authorization is not "Bearer <session token>"' };
  }
  return { token: credentials[1] };
}

/**
 * Checks the `Authorization: Bearer <session token>` of an embedded-admin request (CONTRACT.md, "Installing a shop").
 *
 * The library's `decodeSessionToken` verifies the signature with the app secret accepting HS256 only (so
 * `alg: none` and other algorithms fail), checks `exp` and `nbf` with a 10 s clock tolerance (jose's
 * `clockTolerance`) and `aud` against the API key. jose checks `exp`/`nbf` only when present, so their presence
 * is required here, as are `sub`, a `dest` on a valid shop domain (`parseShopDomain`) and an `iss` of the same
 * shop's admin.
 */
export async function validateSessionToken(
  shopify: Shopify,
  authorization: string | undefined,
): Promise<SessionTokenValidation> {
  const bearer = bearerToken(authorization);
  if ('valid' in bearer) return bearer;
  const { token } = bearer;

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
