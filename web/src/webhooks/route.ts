import express, { type Router } from 'express';
import { HttpError } from '../http/errors.js';
import type { Enqueuer } from './enqueue.js';
import type { InboxWriter } from './inbox-writer.js';
import { validateWebhookRequest, type WebhookRejection } from './validate.js';

/** Larger bodies get 413 before anything else is looked at. Shopify's order payloads stay well below this. */
export const WEBHOOK_BODY_LIMIT = '2mb';

/** The one place a rejected delivery becomes an HTTP status (CONTRACT.md, "Webhooks"). */
const STATUS_OF: Record<WebhookRejection, number> = {
  unauthorized: 401,
  missing_headers: 400,
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
}

/**
 * `POST /api/webhooks`: verify, store in the inbox, answer 200 once the insert is committed. The hand-over to the
 * queue happens afterwards, off the response path; a duplicate (same event key) is answered 200 and not queued.
 * Mounted before any JSON body parser: the HMAC is over the raw bytes.
 */
export function createWebhookRouter(deps: WebhookRouteDeps): Router {
  const router = express.Router();
  const { observe } = deps;
  if (observe) {
    router.use((_req, res, next) => {
      const started = performance.now();
      res.once('finish', () => observe(performance.now() - started));
      next();
    });
  }
  router.post('/', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const validation = await validateWebhookRequest(deps.apiSecret, req.headers, rawBody);
    if (!validation.valid) throw new HttpError(STATUS_OF[validation.reason], validation.message);

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
    res.status(200).end();
  });
  return router;
}
