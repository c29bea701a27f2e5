import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import getRawBody from 'raw-body';
import type { Logger } from '../logger.js';
import type { Enqueuer } from './enqueue.js';
import type { InboxWriter } from './inbox-writer.js';
import { validateWebhookRequest, type WebhookRejection } from './validate.js';

/** Larger bodies get 413 before anything else is looked at. Shopify's order payloads stay well below this. */
export const WEBHOOK_BODY_LIMIT = '2mb';

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
  return (req, res) => {
    if (observe) {
      const started = performance.now();
      res.once('finish', () => observe(performance.now() - started));
    }
    accept(deps, req, res).catch((error: unknown) => fail(deps.log, req, res, error));
  };
}

async function accept(deps: WebhookRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req);
  const validation = await validateWebhookRequest(deps.apiSecret, req.headers, rawBody);
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

/** Decompressors of the encodings a delivery may come in (the platform sends plain bodies; proxies may not). */
const INFLATE: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate };

/**
 * The body's bytes (the HMAC is over them, uncompressed), 413 past the limit (after decompression, as the limit is
 * about what is stored); an encoding other than identity, gzip or deflate gets 415 before anything else is read.
 */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] || 'identity').trim().toLowerCase();
  if (encoding === 'identity') return getRawBody(req, { limit: WEBHOOK_BODY_LIMIT, length: req.headers['content-length'] });
  const inflate = INFLATE[encoding];
  if (!inflate) {
    req.resume();
    throw Object.assign(new Error(`Unsupported Content-Encoding "${encoding}"`), { status: 415 });
  }
  // pipeline, not pipe: a request that breaks off destroys the decompressor too, so the read below ends with an error
  // instead of waiting for an end that never comes. Its error reaches getRawBody through the destroyed stream.
  const inflated = pipeline(req, inflate(), () => {});
  try {
    return await getRawBody(inflated, { limit: WEBHOOK_BODY_LIMIT });
  } catch (error) {
    // A body that does not decompress is the sender's fault (400), not ours.
    const status = (error as { status?: number }).status;
    throw status ? error : Object.assign(new Error('The body could not be decompressed'), { status: 400 });
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
