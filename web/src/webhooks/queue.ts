import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The BullMQ queue of inbox events. A job carries a batch of inbox row ids (what one hand-over collected); the
 * payloads stay in Postgres. A job's lifecycle costs several Redis round trips, so one per batch rather than one per
 * event, and the worker loads, applies and closes the batch's events together.
 */
export const WEBHOOK_QUEUE = 'webhooks';
export const WEBHOOK_JOB = 'webhook-event';

export interface WebhookJobData {
  /** `webhook_events.id`s; the job id is derived from them, so adding the same batch while it is queued is a no-op. */
  eventIds: string[];
}

/** Events per job at most (the points engine applies up to this many in one transaction). */
export const MAX_EVENTS_PER_JOB = 200;

export interface RetryOptions {
  /** Tries per hand-over to the queue before the job is dropped (the sweeper hands it over again). @defaultValue 10 */
  attempts?: number;
  /** First retry delay; doubles on each further try. @defaultValue 1000 ms */
  backoffDelayMs?: number;
}

export type WebhookQueue = Queue<WebhookJobData, unknown, string>;

export function createWebhookQueue(connection: Redis, prefix: string, retry: RetryOptions = {}): WebhookQueue {
  const defaultJobOptions: JobsOptions = {
    attempts: retry.attempts ?? 10,
    backoff: { type: 'exponential', delay: retry.backoffDelayMs ?? 1000 },
    // Postgres is the record (status, last_error). Finished jobs leave Redis, so that a job which gave up can be
    // added again under the same id by the sweeper, and a completed one costs no memory.
    removeOnComplete: true,
    removeOnFail: true,
  };
  return new Queue<WebhookJobData, unknown, string>(WEBHOOK_QUEUE, { connection, prefix, defaultJobOptions });
}

/**
 * The job id of a batch, derived from its events: adding the same batch again while it is queued is a no-op. A batch
 * that overlaps another one still queued is added (the worker's claim in the inbox keeps an event from running twice
 * at once, and a processed event from running again). BullMQ refuses integer-looking custom ids, hence the prefix.
 */
export function webhookJobId(eventIds: readonly string[]): string {
  if (eventIds.length === 1) return `event-${eventIds[0]}`;
  return `events-${createHash('sha256').update(eventIds.join(',')).digest('base64url')}`;
}

export interface WebhookJob {
  name: string;
  data: WebhookJobData;
  opts: JobsOptions;
}

/** The job of a batch of inbox events. */
export function webhookJob(eventIds: readonly string[]): WebhookJob {
  return { name: WEBHOOK_JOB, data: { eventIds: [...eventIds] }, opts: { jobId: webhookJobId(eventIds) } };
}

/** Jobs of `MAX_EVENTS_PER_JOB` events at most, for one `addBulk`. */
export function webhookJobs(eventIds: readonly string[]): WebhookJob[] {
  const jobs: WebhookJob[] = [];
  for (let i = 0; i < eventIds.length; i += MAX_EVENTS_PER_JOB) jobs.push(webhookJob(eventIds.slice(i, i + MAX_EVENTS_PER_JOB)));
  return jobs;
}
