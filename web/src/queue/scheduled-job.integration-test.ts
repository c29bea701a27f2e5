import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { eventually } from '../../test/harness.js';
import { dropQueueKeys } from '../webhooks/test-support.js';
import { startScheduledJobs, type RunningScheduledJobs } from './scheduled-job.js';

let running: RunningScheduledJobs | null = null;

afterEach(async () => {
  await running?.close();
  running = null;
});

/** Only what the scheduled jobs read of the context: Redis, the queue prefix and the log. */
function context(): AppContext {
  const config = loadConfig({ REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', LOYALE_QUEUE_PREFIX: `test-${randomUUID()}` });
  return { config, log: createLogger('silent') } as AppContext;
}

describe('startScheduledJobs (real Redis)', () => {
  it('runs a job when its scheduler is created, and a continuation at once when it reports work left', async () => {
    let runs = 0;
    running = startScheduledJobs(context(), [
      {
        name: 'test-job',
        everyMs: 3_600_000,
        run: async () => {
          runs += 1;
          return runs < 3; // two continuations, then done
        },
      },
    ]);
    await eventually(async () => runs === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(3); // the next run is an hour away
  });

  it('keeps running after a run fails (the next period runs again)', async () => {
    let runs = 0;
    running = startScheduledJobs(context(), [
      {
        name: 'failing-job',
        everyMs: 200,
        run: async () => {
          runs += 1;
          if (runs === 1) throw new Error('boom');
          return false;
        },
      },
    ]);
    await eventually(async () => runs >= 2);
  });

  it('runs on after its Redis keys were flushed (no reconnect announces a FLUSHALL): the scheduler is upserted again', async () => {
    const ctx = context();
    let runs = 0;
    running = startScheduledJobs(
      ctx,
      [{ name: 'flushed-job', everyMs: 200, run: async () => ((runs += 1), false) }],
      { rescheduleEveryMs: 300 },
    );
    await eventually(async () => runs >= 1);
    await dropQueueKeys(ctx.config.queuePrefix); // what FLUSHALL does to this queue, without touching other tests' keys
    const before = runs;
    await eventually(async () => runs >= before + 2);
  });
});
