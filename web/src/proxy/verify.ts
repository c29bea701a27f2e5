import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Shopify } from '@shopify/shopify-api';
import { parseShopDomain } from '../shopify/shop-domain.js';

/** How far the proxy's `timestamp` may be from our clock, either way (CONTRACT.md). */
export const PROXY_TIMESTAMP_TOLERANCE_SECONDS = 90;

export type ProxyVerification =
  | { valid: true; shop: string; customerId: string | null }
  | {
      valid: false;
      reason: 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'invalid_shop' | 'invalid_customer';
    };

/** Parameters the platform sets once; a repeated one is a forgery attempt. */
const SINGLE_VALUE_PARAMS = ['shop', 'signature', 'timestamp', 'logged_in_customer_id', 'path_prefix'];

/**
 * The contract's signature: every parameter but `signature` as `key=value` (repeated values joined with `,`),
 * these strings sorted by code unit, concatenated, HMAC-SHA256 with the secret, hex.
 */
export function proxySignature(query: URLSearchParams, secret: string): string {
  const joined = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === 'signature') continue;
    joined.set(key, [...(joined.get(key) ?? []), value]);
  }
  const message = [...joined].map(([key, values]) => `${key}=${values.join(',')}`).sort().join('');
  return createHmac('sha256', secret).update(message).digest('hex');
}

/**
 * Whether `given` is the hex string `expected` (lower-case, as `digest('hex')` writes it), in constant time. Hex is
 * case-insensitive: a signature in upper or mixed case is the same signature.
 */
function sameHex(given: string, expected: string): boolean {
  if (!/^[0-9a-f]+$/i.test(given)) return false;
  const left = Buffer.from(given.toLowerCase(), 'utf8');
  const right = Buffer.from(expected, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies an app proxy request's query (CONTRACT.md, "Storefront: the app proxy"). The timestamp window is
 * checked here in both directions (the library checks it too, but only as a thrown error without a reason).
 * The signature is checked with the library's `validateHmac(..., { signator: 'appProxy' })`; the library sorts
 * keys with `localeCompare`, which differs from the platform's plain sort for some mixed-case or punctuated keys,
 * so a signature it rejects is checked once more exactly as the contract defines it (hex in any case).
 */
export async function verifyProxyQuery(
  shopify: Shopify,
  query: URLSearchParams,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<ProxyVerification> {
  const signature = query.getAll('signature');
  if (signature.length === 0 || !signature[0]) return { valid: false, reason: 'missing_signature' };
  if (SINGLE_VALUE_PARAMS.some((key) => query.getAll(key).length > 1)) return { valid: false, reason: 'bad_signature' };
  // The signed message joins `key=value` strings without a separator: with a `=` inside a key, the same message (and
  // signature) could be split into other parameters, a `logged_in_customer_id` of the sender's choosing among them.
  if ([...query.keys()].some((key) => key.includes('='))) return { valid: false, reason: 'bad_signature' };

  const timestamp = query.get('timestamp') ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > PROXY_TIMESTAMP_TOLERANCE_SECONDS) {
    return { valid: false, reason: 'stale_timestamp' };
  }

  let signed = false;
  try {
    signed = await shopify.utils.validateHmac(query, { signator: 'appProxy' });
  } catch {
    signed = false;
  }
  if (!signed && !sameHex(signature[0], proxySignature(query, shopify.config.apiSecretKey))) {
    return { valid: false, reason: 'bad_signature' };
  }

  const shop = parseShopDomain(query.get('shop'));
  if (!shop) return { valid: false, reason: 'invalid_shop' };
  const customerId = query.get('logged_in_customer_id') ?? '';
  if (customerId !== '' && !/^\d{1,20}$/.test(customerId)) return { valid: false, reason: 'invalid_customer' };
  return { valid: true, shop, customerId: customerId === '' ? null : customerId };
}
