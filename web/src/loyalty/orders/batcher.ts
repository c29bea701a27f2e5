import type { Db } from '../../db/client.js';
import { applyOrderEvents } from './apply.js';
import type { OrderEvent } from './events.js';

export interface OrderEventBatcherOptions {
  /** Most events applied in one transaction. @defaultValue 200 */
  maxBatchSize?: number;
  /** Batches of one shop (and one explicit `now`) in flight at once. @defaultValue 4 */
  maxConcurrentBatches?: number;
}

/** The smallest batch a throttled batcher makes: below this the per-transaction round trips dominate. */
export const MIN_THROTTLED_BATCH = 16;

/**
 * The limits for a share (0..1] of the full crediting capacity (the ingest governor's concurrency over its maximum):
 * batches and parallel transactions shrink with it, so that while webhooks pour in, crediting holds a core (and
 * Postgres, and the WAL) in short slices instead of 200-event transactions four at a time.
 */
export function throttledLimits(share: number, full: OrderEventBatcherOptions = {}): Required<OrderEventBatcherOptions> {
  const batch = full.maxBatchSize ?? 200;
  const concurrent = full.maxConcurrentBatches ?? 4;
  const s = Math.min(1, Math.max(0, share));
  return {
    maxBatchSize: Math.min(batch, Math.max(MIN_THROTTLED_BATCH, Math.ceil(batch * s))),
    maxConcurrentBatches: Math.max(1, Math.ceil(concurrent * s)),
  };
}

export interface OrderEventBatcher {
  /** Applies `event`; resolves once it is committed (possibly together with other events). */
  submit(shopId: number, event: OrderEvent, now?: Date): Promise<void>;
  /**
   * Changes the limits at run time (the ingest governor shrinks them while webhooks pour in); batches already in
   * flight keep their size. A limit left out returns to its configured value.
   */
  setLimits(limits: OrderEventBatcherOptions): void;
}

interface Pending {
  event: OrderEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane {
  shopId: number;
  now: Date | undefined;
  queue: Pending[];
  inFlight: number;
  scheduled: boolean;
}

/**
 * Coalesces concurrent events into shared transactions. A transaction costs the same handful of round trips for one
 * event or two hundred, so under load (many webhook jobs in parallel) the events that arrive while a batch is in
 * flight go together in the next one; a lone event goes at once (no added latency). Events are grouped per shop and
 * per explicit `now`. If a batch fails, its events are retried one by one, so one bad event fails only its caller.
 */
export function createOrderEventBatcher(db: Db, options: OrderEventBatcherOptions = {}): OrderEventBatcher {
  const configured = { maxBatchSize: options.maxBatchSize ?? 200, maxConcurrent: options.maxConcurrentBatches ?? 4 };
  let { maxBatchSize, maxConcurrent } = configured;
  const lanes = new Map<string, Lane>();

  async function run(lane: Lane, batch: Pending[]): Promise<void> {
    try {
      await applyOrderEvents(db, lane.shopId, batch.map((p) => p.event), lane.now);
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((p) => run(lane, [p])));
    }
  }

  function flush(key: string, lane: Lane): void {
    lane.scheduled = false;
    while (lane.inFlight < maxConcurrent && lane.queue.length > 0) {
      const batch = lane.queue.splice(0, maxBatchSize);
      lane.inFlight += 1;
      void run(lane, batch).finally(() => {
        lane.inFlight -= 1;
        if (lane.queue.length > 0 && lane.inFlight < maxConcurrent) flush(key, lane);
        else if (lane.inFlight === 0) lanes.delete(key);
      });
    }
  }

  return {
    submit(shopId, event, now) {
      const key = `${shopId}:${now?.getTime() ?? 'now'}`;
      let lane = lanes.get(key);
      if (!lane) {
        lane = { shopId, now, queue: [], inFlight: 0, scheduled: false };
        lanes.set(key, lane);
      }
      const target = lane;
      return new Promise<void>((resolve, reject) => {
        target.queue.push({ event, resolve, reject });
        // Events submitted in the same tick of the event loop go together.
        if (!target.scheduled && target.inFlight < maxConcurrent) {
          target.scheduled = true;
          setImmediate(() => flush(key, target));
        }
      });
    },
    setLimits(limits) {
      maxBatchSize = Math.max(1, Math.floor(limits.maxBatchSize ?? configured.maxBatchSize));
      maxConcurrent = Math.max(1, Math.floor(limits.maxConcurrentBatches ?? configured.maxConcurrent));
      // Lanes that waited for a free slot get the new ones at once.
      for (const [key, lane] of lanes) {
        if (!lane.scheduled && lane.queue.length > 0 && lane.inFlight < maxConcurrent) {
          lane.scheduled = true;
          setImmediate(() => flush(key, lane));
        }
      }
    },
  };
}
