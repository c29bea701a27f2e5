import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createSHA256HMAC, HashFormat } from '@shopify/shopify-api/runtime';
import { parseTime } from '../loyalty/payloads/fields.js';
import { parseShopDomain } from '../shopify/shop-domain.js';

/** A verified delivery, ready for the inbox. */
export interface WebhookDelivery {
  /** As sent, e.g. `orders/paid`. */
  topic: string;
  /** Canonical (lower-case) `*.myshopify.com` domain. */
  shopDomain: string;
  apiVersion: string;
  webhookId: string;
  /** The de-duplication key: X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  eventKey: string;
  /** X-Shopify-Triggered-At as ISO text, or null when absent, not a date or out of range (see `parseTime`). */
  triggeredAt: string | null;
  /** The raw body: JSON text of an object. */
  body: string;
}

export type WebhookRejection =
  | 'unauthorized'
  | 'missing_headers'
  | 'oversized_headers'
  | 'invalid_shop_domain'
  | 'invalid_body';

export type WebhookRequestValidation =
  | { valid: true; delivery: WebhookDelivery }
  | { valid: false; reason: WebhookRejection; message: string };

const reject = (reason: WebhookRejection, message: string): WebhookRequestValidation => ({ valid: false, reason, message });

/** The other headers the platform always sends (the HMAC header is checked first, on its own). */
const REQUIRED_HEADERS = [
  ['x-shopify-topic', 'X-Shopify-Topic'],
  ['x-shopify-shop-domain', 'X-Shopify-Shop-Domain'],
  ['x-shopify-api-version', 'X-Shopify-API-Version'],
  ['x-shopify-webhook-id', 'X-Shopify-Webhook-Id'],
] as const;

/**
 * The longest value taken of the headers stored in the inbox. The platform's are a few dozen characters (a shop
 * domain at most 253, as any domain name); a longer one is no header of the platform. The shop domain and the event
 * key (event id, else webhook id) form the inbox's unique index, whose entries Postgres caps at about 2,700 bytes:
 * an 8,000-character event id failed the insert (500), and the platform would have retried that delivery forever.
 */
export const MAX_HEADER_LENGTH = 255;

const STORED_HEADERS = [...REQUIRED_HEADERS, ['x-shopify-event-id', 'X-Shopify-Event-Id']] as const;

/**
 * Checks a delivery in the contract's order: the HMAC (missing or wrong → unauthorized, whatever else is
 * missing), the other required headers (present, and no longer than MAX_HEADER_LENGTH), the shop domain, then the
 * body (a JSON object).
 *
 * The HMAC is computed by `@shopify/shopify-api`'s own helper (`createSHA256HMAC`, what `webhooks.validate` uses)
 * and compared in constant time. `webhooks.validate` itself is not called: it re-canonicalizes every header with a
 * regular expression for each of its dozen header lookups (about 200 µs per request, more than the whole rest of
 * the route), and its order (HMAC first, then the headers) is the one implemented here.
 */
export async function validateWebhookRequest(
  apiSecret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
): Promise<WebhookRequestValidation> {
  const hmac = headers['x-shopify-hmac-sha256'];
  if (typeof hmac !== 'string' || hmac.length === 0) return reject('unauthorized', 'Missing X-Shopify-Hmac-Sha256');
  const body = rawBody.toString('utf8');
  const expected = await createSHA256HMAC(apiSecret, body, HashFormat.Base64);
  if (!sameText(hmac, expected)) return reject('unauthorized', 'Invalid HMAC');

  const missing = REQUIRED_HEADERS.filter(([name]) => !headerValue(headers, name)).map(([, label]) => label);
  if (missing.length > 0) return reject('missing_headers', `Missing headers: ${missing.join(', ')}`);

  const oversized = STORED_HEADERS.filter(([name]) => (headerValue(headers, name)?.length ?? 0) > MAX_HEADER_LENGTH);
  if (oversized.length > 0) {
    const labels = oversized.map(([, label]) => label).join(', ');
    return reject('oversized_headers', `Headers longer than ${MAX_HEADER_LENGTH} characters: ${labels}`);
  }

  const shopDomain = parseShopDomain(headerValue(headers, 'x-shopify-shop-domain'));
  if (!shopDomain) return reject('invalid_shop_domain', 'X-Shopify-Shop-Domain must be a *.myshopify.com domain');

  if (!isJsonObject(body)) return reject('invalid_body', 'The body must be a JSON object');

  const webhookId = headerValue(headers, 'x-shopify-webhook-id') as string;
  return {
    valid: true,
    delivery: {
      topic: headerValue(headers, 'x-shopify-topic') as string,
      shopDomain,
      apiVersion: headerValue(headers, 'x-shopify-api-version') as string,
      webhookId,
      eventKey: headerValue(headers, 'x-shopify-event-id') ?? webhookId,
      triggeredAt: isoDate(headerValue(headers, 'x-shopify-triggered-at')),
      body,
    },
  };
}

/** A header's (first) non-empty value. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value ? value : undefined;
}

function sameText(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isJsonObject(text: string): boolean {
  // Only text starting with `{` can be an object; this spares JSON.parse for most junk.
  if (!text.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The optional X-Shopify-Triggered-At is metadata (nothing depends on it): a value that is no date, or one outside
 * what the engine takes as a moment (it would fail the insert), is stored as null rather than refused.
 */
function isoDate(value: string | undefined): string | null {
  return (value && parseTime(value)?.toISOString()) || null;
}
