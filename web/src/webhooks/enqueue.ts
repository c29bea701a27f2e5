import type { Redis } from 'ioredis';
import { connected } from '../queue/connection.js';
import type { Logger } from '../logger.js';
import { webhookJobs, type WebhookQueue } from './queue.js';
import { throttledWarning } from './throttled-warning.js';

export interface EnqueuerOptions {
  /**
   * How long the first event of a batch waits for company. Each `addBulk` costs about as much as a few dozen jobs,
   * so batches pay off under load; the delay is invisible (processing is asynchronous anyway).
   * @defaultValue 10 ms
   */
  batchDelayMs?: number;
  /**
   * Events per `addBulk` (in jobs of `MAX_EVENTS_PER_JOB`); a batch this large leaves at once. @defaultValue 200
   */
  maxBatch?: number;
  /**
   * Events held in memory (Redis slow, or hand-over held during a burst); beyond this they are left to the
   * sweeper, which finds them in the inbox. @defaultValue 20000
   */
  maxPending?: number;
}

/** Hands accepted events to the queue off the response path, in batches (`addBulk`: one round trip each). */
export interface Enqueuer {
  /** Never throws and never waits: a failed hand-over is the sweeper's to repeat. */
  enqueue(eventId: string): void;
  /**
   * While held, events are only collected (during a burst the worker backs off anyway, so handing them over
   * would spend the CPU that accepting needs); releasing hands everything over.
   */
  hold(held: boolean): void;
  /** Hands over everything pending, held or not (used by close). */
  flush(): Promise<void>;
}

/**
 * How long a hand-over waits for a connection that is still being opened (not one that is down): dropping a
 * process's first events would leave them to the sweeper for no reason.
 */
const CONNECT_WAIT_MS = 2_000;

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
  let held = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  const warn = throttledWarning(log, 10_000);

  const schedule = () => {
    if (held || timer || inFlight || pending.length === 0) return;
    timer = setTimeout(send, pending.length >= maxBatch ? 0 : batchDelayMs);
  };

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending.length > maxBatch ? pending.splice(0, maxBatch) : pending;
    if (batch === pending) pending = [];
    inFlight = hand(batch).finally(() => {
      inFlight = null;
      schedule();
    });
  };

  const hand = async (eventIds: string[]) => {
    if (eventIds.length === 0) return;
    if (!(await connected(producer, CONNECT_WAIT_MS))) {
      warn({ events: eventIds.length, redis: producer.status }, 'Redis unavailable: events left to the inbox sweeper');
      return;
    }
    try {
      await queue.addBulk(webhookJobs(eventIds));
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
      if (pending.length >= maxBatch && !inFlight && !held) send();
      else schedule();
    },
    hold(value) {
      held = value;
      if (held && timer) {
        clearTimeout(timer);
        timer = null;
      }
      schedule();
    },
    async flush() {
      while (inFlight || pending.length > 0) {
        if (!inFlight) send();
        await inFlight;
      }
    },
  };
}
