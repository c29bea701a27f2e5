import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { webhookJob, type WebhookQueue } from './queue.js';

export interface EnqueuerOptions {
  /**
   * How long the first event of a batch waits for company. Each `addBulk` costs about as much as a few dozen jobs,
   * so batches pay off under load; the delay is invisible (processing is asynchronous anyway).
   * @defaultValue 10 ms
   */
  batchDelayMs?: number;
  /** A batch this large leaves at once. @defaultValue 200 */
  maxBatch?: number;
  /**
   * Events held while Redis is slow; beyond this they are left to the sweeper (they are safe in the inbox).
   * @defaultValue 20000
   */
  maxPending?: number;
}

/** Hands accepted events to the queue off the response path, in small batches (`addBulk`: one write). */
export interface Enqueuer {
  /** Never throws and never waits: a failed hand-over is the sweeper's to repeat. */
  enqueue(eventId: string): void;
  /** Hands over everything pending (used by close). */
  flush(): Promise<void>;
}

/**
 * One batch in flight at a time; events arriving meanwhile form the next batch, so batches grow with Redis'
 * latency instead of requests piling up. While the producer connection is not ready (Redis down) a batch is
 * dropped at once: the events are in the inbox and the sweeper re-enqueues them after `sweepAfterMs`.
 */
export function createEnqueuer(queue: WebhookQueue, producer: Redis, log: Logger, options: EnqueuerOptions = {}): Enqueuer {
  const batchDelayMs = options.batchDelayMs ?? 10;
  const maxBatch = options.maxBatch ?? 200;
  const maxPending = options.maxPending ?? 20_000;
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  const warn = throttledWarning(log, 10_000);

  const schedule = () => {
    if (timer || inFlight || pending.length === 0) return;
    timer = setTimeout(send, batchDelayMs);
  };

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    inFlight = hand(batch).finally(() => {
      inFlight = null;
      schedule();
    });
  };

  const hand = async (eventIds: string[]) => {
    if (eventIds.length === 0) return;
    if (producer.status !== 'ready') {
      warn({ events: eventIds.length, redis: producer.status }, 'Redis unavailable: events left to the inbox sweeper');
      return;
    }
    try {
      await queue.addBulk(eventIds.map(webhookJob));
    } catch (err) {
      warn({ err, events: eventIds.length }, 'enqueue failed: events left to the inbox sweeper');
    }
  };

  return {
    enqueue(eventId) {
      if (pending.length >= maxPending) {
        warn({ pending: pending.length }, 'enqueue backlog full: events left to the inbox sweeper');
        return;
      }
      pending.push(eventId);
      if (pending.length >= maxBatch && !inFlight) send();
      else schedule();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      while (inFlight || pending.length > 0) {
        if (!inFlight) send();
        await inFlight;
      }
    },
  };
}

/** A warning at most once per `intervalMs` (Redis outages would otherwise log once per request). */
export function throttledWarning(log: Logger, intervalMs: number): (details: object, message: string) => void {
  let last = 0;
  let suppressed = 0;
  return (details, message) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    log.warn({ ...details, suppressed }, message);
    last = now;
    suppressed = 0;
  };
}
