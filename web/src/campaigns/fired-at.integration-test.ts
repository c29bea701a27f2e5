import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedis } from '../queue/connection.js';
import { firedAtOf } from './fired-at.js';

/**
 * What `firedAtOf` relies on, held against the installed BullMQ on real Redis: the jobs of a job scheduler (as a
 * weekly or monthly campaign has) are processed with `delay` 0, and the time they were due is the one their id names
 * (`repeat:<scheduler>:<millis>`). Reading `timestamp + delay` instead gave the previous occurrence: a recurring
 * campaign gave gifts for its first period only.
 */
const connection = createRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(async () => {
  await connection.quit();
});

describe('firedAtOf (real Redis)', () => {
  it('is the occurrence each scheduler job was due at, not the previous one', async () => {
    const prefix = `test-${randomUUID()}`;
    const queue = new Queue('fired-at', { connection, prefix });
    const seen: { job: Job; firedAt: Date }[] = [];
    const worker = new Worker('fired-at', async (job) => void seen.push({ job, firedAt: firedAtOf(job) }), { connection, prefix });
    closers.push(() => worker.close(), () => queue.obliterate({ force: true }).then(() => queue.close()));

    await queue.upsertJobScheduler('every-second', { every: 1_000 }, { name: 'tick', data: {} });
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    for (const { job, firedAt } of seen.slice(1)) {
      const due = Number(job.id?.split(':').pop());
      expect(job.delay).toBe(0); // why `job.delay` cannot be used
      expect(firedAt.getTime()).toBe(due);
      expect(job.timestamp).toBeLessThan(due); // added ahead, when the previous one ran (about a second before)
    }
  });
});
