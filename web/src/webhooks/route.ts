import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import getRawBody from 'raw-body';
import type { Logger } from '../logger.js';
import type { Enqueuer } from './enqueue.js';
import type { InboxWriter } from './inbox-writer.js';
import { validateWebhookRequest, type WebhookRejection } from './validate.js';

/**
 * The largest body taken, in bytes, as sent and once decompressed (what is stored): 16 MiB. The contract sets no
 * size, and Shopify's order payloads reach a few megabytes (an order of many line items with their discounts, taxes
 * and properties), so the bound is far above any real delivery; it exists only so that no request can make the
 * process buffer without end. A larger body gets 413, once the HMAC header was found present (without one: 401).
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The most body bytes all deliveries being read may hold at once: 256 MiB. Each request reserves what it may come to
 * before it is read (its Content-Length; the body limit without one; twice that for a compressed body, which is also
 * inflated), because the HMAC can only be checked once the whole body is in memory. Real deliveries are a few
 * kilobytes, so only a flood of huge or unsized ones meets the bound: they get 503 (the platform retries) instead of
 * making the process hold gigabytes.
 */
export const WEBHOOK_BODY_BUDGET_BYTES = 256 * 1024 * 1024;

/** The path the platform delivers to (shopify.app.toml); a trailing slash and a query string are tolerated. */
export const WEBHOOK_PATH = '/api/webhooks';

/** The one place a rejected delivery becomes an HTTP status (CONTRACT.md, "Webhooks"). */
const STATUS_OF: Record<WebhookRejection, number> = {
  unauthorized: 401,
  missing_headers: 400,
  oversized_headers: 400,
  invalid_shop_domain: 400,
  invalid_body: 400,
};

export interface WebhookRouteDeps {
  /** The largest body taken (as sent, and decompressed). @defaultValue WEBHOOK_BODY_LIMIT_BYTES (16 MiB) */
  bodyLimitBytes?: number;
  /** Body bytes all requests being read may reserve at once. @defaultValue WEBHOOK_BODY_BUDGET_BYTES (256 MiB) */
  bodyBudgetBytes?: number;
  /** The app's client secret, which signs the deliveries. */
  apiSecret: string;
  /** Stores accepted deliveries (group commit); resolves with the row id, null for a duplicate. */
  inbox: Pick<InboxWriter, 'insert'>;
  enqueuer: Enqueuer;
  /** Whether the app handles `topic`; other topics are answered 200 and not stored. */
  handles(topic: string): boolean;
  /** Told how long each request took to answer (the ingest governor). */
  observe?(ms: number): void;
  log: Logger;
}

/** A plain Node request handler: the hottest route of the app, served before (and without) Express. */
export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Whether `req` is a delivery for the webhook handler (every other request goes to the Express app). */
export function isWebhookDelivery(req: IncomingMessage): boolean {
  // Case-insensitive, as Express routes.
  if (req.method !== 'POST' || req.url?.slice(0, WEBHOOK_PATH.length).toLowerCase() !== WEBHOOK_PATH) return false;
  const rest = req.url.slice(WEBHOOK_PATH.length);
  return rest === '' || rest === '/' || rest.startsWith('?') || rest.startsWith('/?');
}

/**
 * `POST /api/webhooks`: verify, store in the inbox, answer 200 once the insert is committed. The hand-over to the
 * queue happens afterwards, off the response path; a duplicate (same event key) is answered 200 and not queued.
 *
 * A plain Node handler rather than an Express route: at Black-Friday rates Express's per-request work (prototype
 * swaps on req and res, the router's layer walk, the body parser's content-type checks) was about a tenth of the web
 * process's CPU, and this route needs none of it. Refusals have the app's error shape `{ "error": message }`.
 */
export function createWebhookHandler(deps: WebhookRouteDeps): WebhookRequestHandler {
  const { observe } = deps;
  const budget = createBodyBudget(deps.bodyBudgetBytes ?? WEBHOOK_BODY_BUDGET_BYTES);
  return (req, res) => {
    if (observe) {
      const started = performance.now();
      res.once('finish', () => observe(performance.now() - started));
    }
    accept(deps, budget, req, res).catch((error: unknown) => fail(deps.log, req, res, error));
  };
}

/** Body bytes reserved by the requests being read (see WEBHOOK_BODY_BUDGET_BYTES). */
function createBodyBudget(total: number) {
  let reserved = 0;
  return {
    /** Reserves `bytes`; false (nothing reserved) when they do not fit beside what is reserved. */
    take(bytes: number): boolean {
      if (reserved > 0 && reserved + bytes > total) return false;
      reserved += bytes;
      return true;
    },
    give(bytes: number): void {
      reserved -= bytes;
    },
  };
}

/** What reading `req` may come to: its Content-Length (or the limit), twice the limit when it is to be inflated. */
function bytesToReserve(req: IncomingMessage, limit: number): number {
  const encoded = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoded !== '' && encoded !== 'identity') return 2 * limit;
  const length = Number(req.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? Math.min(length, limit) : limit;
}

async function accept(deps: WebhookRouteDeps, budget: ReturnType<typeof createBodyBudget>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The contract checks the HMAC first: without its header nothing else is looked at, not even the body (its size,
  // its encoding), so a request without one gets 401 whatever else is wrong with it.
  if (!req.headers['x-shopify-hmac-sha256']) {
    req.resume();
    return answerError(res, 401, 'Missing X-Shopify-Hmac-Sha256');
  }
  const limit = deps.bodyLimitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;
  const reserve = bytesToReserve(req, limit);
  // A lone request always fits (take() refuses only beside others), so a large delivery is never refused for good.
  if (!budget.take(reserve)) {
    req.resume();
    res.setHeader('retry-after', '1');
    return answerError(res, 503, 'Too many large deliveries at once; retry shortly');
  }
  // Held until the answer is out (or the connection is gone): the body stays in memory through the insert.
  res.once('close', () => budget.give(reserve));
  const body = await readBody(req, limit);
  const validation =
    'unreadable' in body
      ? await validateWebhookRequest(deps.apiSecret, req.headers, body.sent, body.unreadable)
      : await validateWebhookRequest(deps.apiSecret, req.headers, body.bytes);
  if (!validation.valid) return answerError(res, STATUS_OF[validation.reason], validation.message);

  const { delivery } = validation;
  if (deps.handles(delivery.topic)) {
    const eventId = await deps.inbox.insert({
      shopDomain: delivery.shopDomain,
      eventKey: delivery.eventKey,
      webhookId: delivery.webhookId,
      topic: delivery.topic,
      apiVersion: delivery.apiVersion,
      triggeredAt: delivery.triggeredAt,
      payload: delivery.body,
    });
    if (eventId !== null) deps.enqueuer.enqueue(eventId);
  }
  res.writeHead(200).end();
}

type Decoder = (bytes: Buffer, options: ZlibOptions & BrotliOptions) => Promise<Buffer>;

/**
 * Decoders of the content codings a delivery may come in (the platform sends plain bodies; proxies may not). They run
 * on libuv's thread pool, and each stops at `maxOutputLength` (a small body that inflates beyond the limit: 413).
 */
const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** A body as read: its bytes with the Content-Encoding undone, or the bytes as sent and why they could not be. */
type ReadBody = { bytes: Buffer } | { sent: Buffer; unreadable: string };

/**
 * The body's bytes (the HMAC is over them, uncompressed), 413 past `limit` (as sent, and once decoded, as the limit is
 * about what is stored). One content coding at most besides identity (the platform uses none; a proxy one): a body
 * in another coding, in several, or that does not decode is read as sent and handed to the validation as unreadable,
 * which checks its HMAC over those bytes (401 or 400, see `validateWebhookRequest`), so the contract's order holds
 * for it too. (415 would tell a client what to send instead, but the contract answers a signed delivery whose body
 * is not JSON with 400.)
 */
async function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  const sent = await getRawBody(req, { limit, length: req.headers['content-length'] });
  const header = req.headers['content-encoding'] ?? '';
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0) return { bytes: sent };
  const decode = codings.length === 1 ? DECODERS[codings[0] as string] : undefined;
  if (!decode) return { sent, unreadable: `Unsupported Content-Encoding "${header.trim()}"` };
  try {
    return { bytes: await decode(sent, { maxOutputLength: limit }) };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw Object.assign(new Error('request entity too large'), { status: 413 });
    }
    // A body that does not decompress is the sender's fault (400 or 401, as its HMAC says), not ours.
    return { sent, unreadable: 'The body could not be decompressed' };
  }
}

function answerError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: message }));
}

/** raw-body's refusals (413, 400 for a body shorter than its Content-Length) as given; anything else is ours: 500. */
function fail(log: Logger, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) return;
  const status = (error as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    answerError(res, status, (error as Error).message || 'Bad request');
    return;
  }
  log.error({ err: error, method: req.method, path: WEBHOOK_PATH }, 'unhandled error');
  answerError(res, 500, 'Internal server error');
}
