import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { InvalidPayloadError } from '../loyalty/orders/errors.js';
import type { TopicHandlers } from './handlers.js';
import { claimEvent, markFailed, markProcessed, recordError, type InboxPool } from './inbox.js';
import type { WebhookJobData } from './queue.js';

/**
 * Attempts over all hand-overs (BullMQ retries × sweeps) after which an event that keeps failing is given up and
 * marked failed, so that a bug never turns into an endless retry loop. At the default backoff that is hours.
 */
export const MAX_EVENT_ATTEMPTS = 50;

/** A payload no retry can fix: the event fails for good at once. */
export function isPoison(error: unknown): boolean {
  return error instanceof InvalidPayloadError || error instanceof z.core.$ZodError || error instanceof UnrecoverableError;
}

/** What is stored and logged about a failure: the error's kind and message, never the payload. */
export function describeError(error: unknown): string {
  if (error instanceof z.core.$ZodError) {
    return `${error.name}: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`.slice(0, 2000);
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

export type EventOutcome = 'processed' | 'ignored' | 'erased' | 'skipped';

/**
 * The worker's job: claim the inbox row (only while it waits to be processed), run the topic's handler, mark it
 * processed (dropping the payload). Delivery to handlers is at-least-once: a process that dies between the
 * handler and the mark runs the handler again, so handlers are idempotent (the points engine is by design).
 */
export function createEventProcessor(ctx: AppContext, pool: InboxPool, handlers: TopicHandlers) {
  const log = ctx.log.child({ component: 'webhook-worker' });
  return async (job: Job<WebhookJobData>): Promise<EventOutcome> => {
    const id = job.data.eventId;
    const event = await claimEvent(pool, id);
    if (!event) return 'skipped';
    const context = { eventId: id, topic: event.topic, shop: event.shopDomain };

    if (event.attempts > MAX_EVENT_ATTEMPTS) {
      await markFailed(pool, id, `Gave up after ${MAX_EVENT_ATTEMPTS} attempts`);
      log.error(context, 'webhook event gave up after too many attempts');
      throw new UnrecoverableError('too many attempts');
    }

    const handler = handlers[event.topic];
    // A payload already erased by shop/redact or customers/redact must not bring the data back.
    const outcome: EventOutcome = !handler ? 'ignored' : event.payload === null ? 'erased' : 'processed';
    if (handler && event.payload !== null) {
      try {
        await handler(ctx, event.shopDomain, event.payload, { id: BigInt(id), topic: event.topic, eventKey: event.eventKey });
      } catch (error) {
        const reason = describeError(error);
        if (isPoison(error)) {
          await markFailed(pool, id, reason);
          log.warn({ ...context, reason }, 'webhook event refused: marked failed');
          throw new UnrecoverableError(reason);
        }
        await recordError(pool, id, reason).catch(() => {});
        log.warn({ ...context, reason, attempt: job.attemptsMade + 1 }, 'webhook event failed: will retry');
        throw error;
      }
    }
    await markProcessed(pool, id);
    return outcome;
  };
}
