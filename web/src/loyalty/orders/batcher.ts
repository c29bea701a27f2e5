import type { Db } from '../../db/client.js';
import { applyOrderEvents } from './apply.js';
import type { OrderEvent } from './events.js';

export interface OrderEventBatcherOptions {
  /** Most events applied in one transaction. @defaultValue 200 */
  maxBatchSize?: number;
  /** Batches of one shop (and one explicit `now`) in flight at once. @defaultValue 4 */
  maxConcurrentBatches?: number;
}

export interface OrderEventBatcher {
  /** Applies `event`; resolves once it is committed (possibly together with other events). */
  submit(shopId: number, event: OrderEvent, now?: Date): Promise<void>;
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
  const maxBatchSize = options.maxBatchSize ?? 200;
  const maxConcurrent = options.maxConcurrentBatches ?? 4;
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
        if (lane.queue.length > 0) flush(key, lane);
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
  };
}
