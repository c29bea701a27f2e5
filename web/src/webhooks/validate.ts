import { isUtf8 } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createSHA256HMAC, HashFormat } from '@shopify/shopify-api/runtime';
import { parseTime } from '../loyalty/payloads/fields.js';

/** A verified delivery, ready for the inbox. */
export interface WebhookDelivery {
  /** As sent, e.g. `orders/paid`. */
  topic: string;
  /** The shop's host name, lower-case, without a trailing dot (see `webhookShopDomain`). */
  shopDomain: string;
  apiVersion: string;
  webhookId: string;
  /** The de-duplication key: X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  eventKey: string;
  /** X-Shopify-Triggered-At as ISO text, or null when absent, not a date or out of range (see `parseTime`). */
  triggeredAt: string | null;
  /** The raw body: JSON text (of any value: the topic's handler decides what it takes). */
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

/** Dot-separated labels of 1 to 63 letters, digits and hyphens, each starting with a letter or digit. */
const HOST_NAME = /^[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9][a-z0-9-]{0,62})*$/;

/**
 * The shop domain of a delivery, or null when the header's value cannot be a host name at all. The contract requires
 * the header and says nothing of its form, so any plausible host name is taken, not only `{name}.myshopify.com`: the
 * shop is then met through a webhook like any other (it gets the default program; it can never be installed, since
 * session tokens and the app proxy take myshopify domains only, so nothing is ever sent to that host). Canonical form:
 * lower-case, without the trailing dot of a fully qualified name. Taken: HOST_NAME (at most 255 characters in all:
 * MAX_HEADER_LENGTH is checked before). A value that is no host name (a URL, a path, a port, spaces, empty labels, non-ASCII text) names
 * no shop, so it counts as a missing header: 400.
 */
export function webhookShopDomain(value: string | undefined): string | null {
  if (!value) return null;
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  return HOST_NAME.test(domain) ? domain : null;
}

/**
 * Checks a delivery in the contract's order: the HMAC (missing or wrong → unauthorized, whatever else is
 * missing), the other required headers (present, no longer than MAX_HEADER_LENGTH, a shop domain that is a host
 * name), then the body: JSON text of any value (not JSON → invalid_body; that it is an object, and what else a topic
 * needs, is for the topic's handler, which refuses it as an invalid payload: the contract answers 200 to JSON).
 *
 * `rawBody` is the body with its Content-Encoding undone; `unreadable`, when given, says why that failed (a body
 * that does not decompress, an encoding the app cannot decode), and `rawBody` is then the bytes as sent. Those are
 * all there is to check the HMAC against: a signature over them means the sender signed what it sent, which is
 * no JSON the app can read (invalid_body, after the headers); any other signature is not shown right (unauthorized).
 *
 * The HMAC of a body that is UTF-8 is computed by `@shopify/shopify-api`'s own helper (`createSHA256HMAC`, what
 * `webhooks.validate` uses) and compared in constant time. `webhooks.validate` itself is not called: it
 * re-canonicalizes every header with a regular expression for each of its dozen header lookups (about 200 µs per
 * request, more than the whole rest of the route), and its order (HMAC first, then the headers) is the one
 * implemented here.
 */
export async function validateWebhookRequest(
  apiSecret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  unreadable?: string,
): Promise<WebhookRequestValidation> {
  const hmac = headerValue(headers, 'x-shopify-hmac-sha256');
  if (!hmac) return reject('unauthorized', 'Missing X-Shopify-Hmac-Sha256');
  // The library's helper takes the body as a string and signs its UTF-8 encoding. That is the bytes sent only when
  // they are UTF-8: decoding other bytes replaces each bad sequence with U+FFFD, so a correct signature would not
  // match (401 for what is a body that is not JSON, 400). Such bodies, and bodies that could not be decoded, are
  // checked over their bytes with node:crypto: the same HMAC-SHA256 in base64, only not through a string.
  const body = unreadable === undefined && isUtf8(rawBody) ? rawBody.toString('utf8') : null;
  const expected =
    body === null
      ? createHmac('sha256', apiSecret).update(rawBody).digest('base64')
      : await createSHA256HMAC(apiSecret, body, HashFormat.Base64);
  if (!sameText(hmac, expected)) return reject('unauthorized', 'Invalid HMAC');

  const missing = REQUIRED_HEADERS.filter(([name]) => !headerValue(headers, name)).map(([, label]) => label);
  if (missing.length > 0) return reject('missing_headers', `Missing headers: ${missing.join(', ')}`);

  const oversized = STORED_HEADERS.filter(([name]) => (headerValue(headers, name)?.length ?? 0) > MAX_HEADER_LENGTH);
  if (oversized.length > 0) {
    const labels = oversized.map(([, label]) => label).join(', ');
    return reject('oversized_headers', `Headers longer than ${MAX_HEADER_LENGTH} characters: ${labels}`);
  }

  const shopDomain = webhookShopDomain(headerValue(headers, 'x-shopify-shop-domain'));
  if (!shopDomain) return reject('invalid_shop_domain', 'X-Shopify-Shop-Domain must be a host name');

  if (unreadable !== undefined) return reject('invalid_body', unreadable);
  // JSON text is Unicode, UTF-8 on the wire (RFC 8259 §8.1): other bytes are no JSON.
  if (body === null) return reject('invalid_body', 'The body is not JSON (not valid UTF-8)');
  if (!isJson(body)) return reject('invalid_body', 'The body is not JSON');

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

/**
 * Whether `text` is JSON text (RFC 8259: one value of any kind, white space around it). A byte order mark is no
 * part of JSON text (JSON.parse refuses it, and so would Postgres when the body is stored).
 */
function isJson(text: string): boolean {
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
