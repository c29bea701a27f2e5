import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import type { OrderEvent } from './events.js';

// The batcher's transactions, recorded and held open until the test lets them commit.
const applied = vi.hoisted(() => ({ batches: [] as number[], inFlight: 0, maxInFlight: 0, release: [] as (() => void)[] }));
vi.mock('./apply.js', () => ({
  applyOrderEvents: (_db: unknown, _shopId: number, events: readonly unknown[]) => {
    applied.batches.push(events.length);
    applied.inFlight += 1;
    applied.maxInFlight = Math.max(applied.maxInFlight, applied.inFlight);
    return new Promise<void>((resolve) =>
      applied.release.push(() => {
        applied.inFlight -= 1;
        resolve();
      }),
    );
  },
}));

const { createOrderEventBatcher, throttledLimits, MIN_THROTTLED_BATCH } = await import('./batcher.js');

const event = (i: number) => ({ kind: 'paid', order: { orderId: String(i) } }) as unknown as OrderEvent;
const tick = () => new Promise((r) => setImmediate(r));

/** Commits every open transaction, turn after turn, until all submitted events are done. */
async function commitAll(done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    for (const release of applied.release.splice(0)) release();
    await tick();
  }
}

beforeEach(() => {
  applied.batches = [];
  applied.inFlight = 0;
  applied.maxInFlight = 0;
  applied.release = [];
});

describe('throttledLimits', () => {
  it.each([
    [1, 200, 4],
    [0.5, 100, 2],
    [4 / 16, 50, 1],
    [1 / 16, MIN_THROTTLED_BATCH, 1],
    [0, MIN_THROTTLED_BATCH, 1],
    [3, 200, 4],
  ])('share %d → batches of %d, %d at once', (share, maxBatchSize, maxConcurrentBatches) => {
    expect(throttledLimits(share)).toEqual({ maxBatchSize, maxConcurrentBatches });
  });

  it('scales configured limits, never above them', () => {
    expect(throttledLimits(0.5, { maxBatchSize: 10, maxConcurrentBatches: 8 })).toEqual({ maxBatchSize: 10, maxConcurrentBatches: 4 });
  });
});

describe('order event batcher limits', () => {
  it('coalesces a burst into full batches, four at once, by default', async () => {
    const batcher = createOrderEventBatcher({} as Db);
    const done = Promise.all(Array.from({ length: 1000 }, (_, i) => batcher.submit(1, event(i))));
    await commitAll(done);
    expect(applied.batches).toEqual([200, 200, 200, 200, 200]);
    expect(applied.maxInFlight).toBe(4);
  });

  it('after setLimits makes smaller batches, fewer at once, and every event is still applied once', async () => {
    const batcher = createOrderEventBatcher({} as Db);
    batcher.setLimits({ maxBatchSize: 16, maxConcurrentBatches: 1 });
    const done = Promise.all(Array.from({ length: 100 }, (_, i) => batcher.submit(1, event(i))));
    await commitAll(done);
    expect(applied.batches).toEqual([16, 16, 16, 16, 16, 16, 4]);
    expect(applied.maxInFlight).toBe(1);
  });

  it('a limit raised while events wait lets them go at once; a limit left out returns to its default', async () => {
    const batcher = createOrderEventBatcher({} as Db);
    batcher.setLimits({ maxBatchSize: 10, maxConcurrentBatches: 1 });
    const done = Promise.all(Array.from({ length: 50 }, (_, i) => batcher.submit(1, event(i))));
    await tick();
    expect(applied.batches).toEqual([10]);
    batcher.setLimits({ maxConcurrentBatches: 2 });
    await tick();
    // The second slot opens without waiting for the first batch; the batch size is back to 200.
    expect(applied.batches).toEqual([10, 40]);
    expect(applied.inFlight).toBe(2);
    await commitAll(done);
    expect(applied.batches.reduce((a, b) => a + b, 0)).toBe(50);
  });
});
