import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { findStrandedEvents, markEnqueued, type InboxPool } from './inbox.js';
import { webhookJobs, type WebhookQueue } from './queue.js';
import { throttledWarning } from './throttled-warning.js';

export interface SweeperOptions {
  /** An unprocessed event whose last hand-over is older than this is handed over again. */
  sweepAfterMs: number;
  /** Events per batch. @defaultValue 1000 */
  batchSize?: number;
  /** Batches per sweep at most, so one sweep stays short after a long outage. @defaultValue 20 */
  maxBatches?: number;
}

export interface Sweeper {
  /** Re-enqueues stranded events now; returns how many. Throws when Redis or Postgres is unavailable. */
  sweepOnce(): Promise<number>;
  start(intervalMs: number): void;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

/**
 * The last resort that makes "an accepted event is never lost" true: events that never reached the queue (Redis
 * down, process killed before the enqueue) and events the queue lost (Redis keeps nothing on disk) are still
 * `received` in the inbox after `sweepAfterMs`; they are added again (in batches, as the enqueuer does). The worker claims
 * each event in the inbox before running it and skips events that are processed or claimed by another job, so a
 * sweep is always safe, also from several processes at once.
 */
export function createSweeper(
  pool: InboxPool,
  queue: WebhookQueue,
  producer: Redis,
  log: Logger,
  options: SweeperOptions,
): Sweeper {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 20;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const warn = throttledWarning(log, 60_000);

  async function sweepOnce(): Promise<number> {
    // Checked first: an add on a connection that never came up would wait for Redis instead of failing.
    if (producer.status !== 'ready') throw new Error(`Redis unavailable (${producer.status})`);
    let total = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const ids = await findStrandedEvents(pool, options.sweepAfterMs, batchSize);
      if (ids.length === 0) break;
      await queue.addBulk(webhookJobs(ids));
      await markEnqueued(pool, ids);
      total += ids.length;
      if (ids.length < batchSize) break;
    }
    if (total > 0) log.info({ events: total }, 'webhook sweeper re-enqueued stranded events');
    return total;
  }

  return {
    sweepOnce,
    start(intervalMs) {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = sweepOnce()
          .catch((err: unknown) => warn({ err }, 'webhook sweep failed; the next one retries'))
          .finally(() => {
            running = null;
          });
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
