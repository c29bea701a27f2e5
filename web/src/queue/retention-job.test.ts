import { describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { createLogger } from '../logger.js';
import { retentionJob, type Retention } from './retention-job.js';

const DAY = 86_400_000;
const db = {} as Db;
const ctx = { db, log: createLogger('silent') } as AppContext;

/** A retention whose prune deletes `deleting` rows and records what it was asked. */
function retention(deleting: number) {
  const calls: { db: Db; before: Date; limit: number }[] = [];
  const spec: Retention = {
    name: 'test-retention',
    rows: 'test rows',
    retentionMs: 10 * DAY,
    prune: async (given, before, limit) => {
      calls.push({ db: given, before, limit });
      return Math.min(deleting, limit);
    },
  };
  return { spec, calls };
}

describe('retentionJob', () => {
  it('prunes one batch of rows older than the retention per run; says more is left only after a full batch', async () => {
    const full = retention(50);
    const job = retentionJob(ctx, full.spec, { batchSize: 20 });
    const started = Date.now();
    expect(await job.run()).toBe(true);
    const [call] = full.calls;
    expect(call?.db).toBe(db);
    expect(call?.limit).toBe(20);
    expect(started - 10 * DAY - (call?.before.getTime() ?? 0)).toBeLessThanOrEqual(0);
    expect(Date.now() - 10 * DAY - (call?.before.getTime() ?? 0)).toBeGreaterThanOrEqual(0);

    expect(await retentionJob(ctx, retention(19).spec, { batchSize: 20 }).run()).toBe(false);
    expect(await retentionJob(ctx, retention(0).spec, { batchSize: 20 }).run()).toBe(false);
  });

  it('runs hourly in batches of 5000 unless told otherwise, under the retention name', async () => {
    const { spec, calls } = retention(0);
    const job = retentionJob(ctx, spec);
    expect(job).toMatchObject({ name: 'test-retention', everyMs: 3_600_000 });
    await job.run();
    expect(calls[0]?.limit).toBe(5_000);
    expect(retentionJob(ctx, spec, { everyMs: 60_000 }).everyMs).toBe(60_000);
  });
});
