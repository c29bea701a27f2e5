import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { isDataException } from '../db/errors.js';
import { InvalidPayloadError } from '../loyalty/orders/errors.js';
import { CONCURRENT_TOPICS, type TopicHandlers } from './handlers.js';
import {
  claimEvents,
  markFailed,
  markProcessed,
  recordError,
  releaseClaims,
  reloadPayloads,
  type ClaimedEvent,
  type InboxPool,
} from './inbox.js';
import type { WebhookJobData } from './queue.js';

/**
 * An event that keeps failing transiently is given up and marked failed once it has had at least this many attempts
 * (BullMQ retries × sweeps) and was received at least `GIVE_UP_AFTER_MS` ago, so that a bug never turns into an
 * endless retry loop. The count alone would not do: while a backlog or an outage lasts, the sweeper hands a waiting
 * event over again every half minute beside its BullMQ retries, so 50 attempts can pass within minutes.
 */
export const MAX_EVENT_ATTEMPTS = 50;

/** @see MAX_EVENT_ATTEMPTS: an outage of a day is retried through (Shopify itself retries for hours). */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** The worker's default job lock, and so the default claim lease on a job's events (see index.ts). */
export const DEFAULT_LOCK_MS = 15_000;

/** A payload no retry can fix: the event fails for good at once. */
export function isPoison(error: unknown): boolean {
  // A data exception: the points engine retries a failed batch event by event, so only the event that causes it gets it.
  return (
    error instanceof InvalidPayloadError || error instanceof z.core.$ZodError || error instanceof UnrecoverableError || isDataException(error)
  );
}

/** What is stored and logged about a failure: the error's kind and message, never the payload. */
export function describeError(error: unknown): string {
  if (error instanceof z.core.$ZodError) {
    return `${error.name}: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`.slice(0, 2000);
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

/** What became of a job's events. */
export interface BatchOutcome {
  /** Handled (or without handler, or erased before they ran) and marked processed. */
  processed: number;
  /** Marked failed for good (a poison payload, too many attempts). */
  failed: number;
  /** Already processed, failed, or claimed by another job: left alone. */
  skipped: number;
}

export interface EventProcessorOptions {
  /**
   * How long a job's claim on its events lasts: a job running longer may see another job (a sweep, a stalled job
   * taken over) run them too, which the handlers' idempotency absorbs. Match the worker's lock duration.
   * @defaultValue 15000 ms (`DEFAULT_LOCK_MS`)
   */
  claimLeaseMs?: number;
  /**
   * Topics whose handlers run concurrently within a job (the points engine merges concurrent calls into shared
   * transactions); events of other topics run one at a time, in arrival order, between them.
   * @defaultValue CONCURRENT_TOPICS (the order topics)
   */
  concurrentTopics?: ReadonlySet<string>;
}

/** Consecutive events of concurrent topics form one group; any other event is a group of its own. */
function groups(events: ClaimedEvent[], concurrent: ReadonlySet<string>): ClaimedEvent[][] {
  const result: ClaimedEvent[][] = [];
  for (const event of events) {
    const last = result.at(-1);
    const lastEvent = last?.at(-1);
    if (last && lastEvent && concurrent.has(event.topic) && concurrent.has(lastEvent.topic)) last.push(event);
    else result.push([event]);
  }
  return result;
}

/** `marked`: done, and already marked processed by its handler. */
type EventResult = 'done' | 'marked' | 'failed' | 'retry';

/**
 * The worker's job, for a batch of inbox events: claim those that still wait (one statement), run each topic's
 * handler (events of concurrent topics together, so the points engine applies them in shared transactions; other
 * events one at a time, in arrival order), mark the handled ones processed (one statement, dropping the payloads),
 * except those their handler marked in its own transaction (the points engine's: `'marked'`).
 * Failures stay per event: a poison payload is marked failed alone; an event that failed transiently is released and
 * the job throws, so BullMQ retries it, and the retry claims only what still waits. Delivery to handlers is
 * at-least-once (a process that dies between the handler and the mark runs the handler again), so handlers are
 * idempotent (the points engine is by design, and its marks commit with its writes).
 */
export function createEventProcessor(ctx: AppContext, pool: InboxPool, handlers: TopicHandlers, options: EventProcessorOptions = {}) {
  const log = ctx.log.child({ component: 'webhook-worker' });
  const leaseMs = options.claimLeaseMs ?? DEFAULT_LOCK_MS;
  const concurrent = options.concurrentTopics ?? CONCURRENT_TOPICS;

  async function run(event: ClaimedEvent, attempt: number): Promise<EventResult> {
    const context = { eventId: event.id, topic: event.topic, shop: event.shopDomain };
    if (event.attempts > MAX_EVENT_ATTEMPTS && event.ageMs >= GIVE_UP_AFTER_MS) {
      await markFailed(pool, event.id, `Gave up after ${event.attempts - 1} attempts over ${GIVE_UP_AFTER_MS / 3_600_000} hours`);
      log.error(context, 'webhook event gave up after too many attempts');
      return 'failed';
    }
    const handler = handlers[event.topic];
    // A payload already erased by shop/redact or customers/redact must not bring the data back. (A body that was JSON
    // `null` is no erasure: its handler gets it like any other body, and refuses it if it needs an object.)
    if (!handler || event.erased) return 'done';
    try {
      const marked = await handler(ctx, event.shopDomain, event.payload, { id: BigInt(event.id), topic: event.topic, eventKey: event.eventKey });
      return marked === 'marked' ? 'marked' : 'done';
    } catch (error) {
      const reason = describeError(error);
      if (isPoison(error)) {
        await markFailed(pool, event.id, reason);
        log.warn({ ...context, reason }, 'webhook event refused: marked failed');
        return 'failed';
      }
      await recordError(pool, event.id, reason).catch(() => {});
      log.warn({ ...context, reason, attempt }, 'webhook event failed: will retry');
      return 'retry';
    }
  }

  return async (job: Job<WebhookJobData>): Promise<BatchOutcome> => {
    const claimed = await claimEvents(pool, job.data.eventIds, leaseMs);
    const outcome: BatchOutcome = { processed: 0, failed: 0, skipped: job.data.eventIds.length - claimed.length };
    const retry: string[] = [];
    let finished = false;
    try {
      for (const [index, group] of groups(claimed, concurrent).entries()) {
        let events = group;
        if (index > 0) {
          // The event before may have been an erasure that dropped payloads or closed events of this group.
          const payloads = await reloadPayloads(pool, group.map((e) => e.id));
          outcome.skipped += group.filter((e) => !payloads.has(e.id)).length;
          events = group.flatMap((e) => {
            const stored = payloads.get(e.id);
            return stored ? [{ ...e, ...stored }] : [];
          });
        }
        const results = await Promise.all(events.map((event) => run(event, job.attemptsMade + 1)));
        const done = events.filter((_, i) => results[i] === 'done').map((e) => e.id);
        await markProcessed(pool, done);
        outcome.processed += done.length + results.filter((r) => r === 'marked').length;
        outcome.failed += results.filter((r) => r === 'failed').length;
        retry.push(...events.filter((_, i) => results[i] === 'retry').map((e) => e.id));
      }
      finished = true;
    } finally {
      // Whatever still waits (a transient failure, or this job broke off) may run again at once, not after the lease.
      const waiting = finished ? retry : claimed.map((e) => e.id);
      await releaseClaims(pool, waiting).catch(() => {});
    }
    if (retry.length > 0) throw new Error(`${retry.length} of ${claimed.length} webhook events failed; the job is retried`);
    return outcome;
  };
}
