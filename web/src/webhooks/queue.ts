import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** The BullMQ queue of inbox events. A job carries only the inbox row id; the payload stays in Postgres. */
export const WEBHOOK_QUEUE = 'webhooks';
export const WEBHOOK_JOB = 'webhook-event';

export interface WebhookJobData {
  /** `webhook_events.id`; the job id is derived from it, so adding an event that is already queued is a no-op. */
  eventId: string;
}

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

/** BullMQ refuses integer-looking custom ids, so the row id gets a prefix. */
export function webhookJobId(eventId: string): string {
  return `event-${eventId}`;
}

/** The job of an inbox event: its id is derived from the row id, so adding it again while queued is a no-op. */
export function webhookJob(eventId: string): { name: string; data: WebhookJobData; opts: JobsOptions } {
  return { name: WEBHOOK_JOB, data: { eventId }, opts: { jobId: webhookJobId(eventId) } };
}
