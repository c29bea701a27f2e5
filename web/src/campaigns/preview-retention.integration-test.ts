import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { ensureShop } from '../shops/repository.js';
import { pruneOldPreviews } from './preview-retention.js';

/** The retention of campaign previews (dry runs) on real Postgres: old previews go, real runs never. */
const DAY = 86_400_000;
let database: TestDatabase;
let db: Db;
let campaignId: number;
let shopId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shopId = (await ensureShop(db, 'preview-retention.myshopify.com')).id;
  const [row] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO campaigns (shop_id, name, audience, recipient_count, schedule, weekday, time_of_day, gift_kind, gift_points, updated_at)
    VALUES (${shopId}, 'Wochenüberraschung', '{}'::jsonb, 3, 'weekly', 1, '09:00', 'bonus_points', 100, now()) RETURNING id`;
  campaignId = row!.id;
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** A run of the campaign created `daysAgo` days ago: a preview (dry run) or a real, finished one. */
async function run(periodKey: string, dryRun: boolean, daysAgo: number): Promise<void> {
  const createdAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  await db.$executeRaw`
    INSERT INTO campaign_runs (campaign_id, shop_id, period_key, trigger, status, dry_run, seed, gift, created_at, updated_at)
    VALUES (${campaignId}, ${shopId}, ${periodKey}, 'manual', 'completed', ${dryRun}, 42,
      '{"kind": "bonus_points", "points": 100}'::jsonb, ${createdAt}::timestamp, ${createdAt}::timestamp)`;
}

const periods = async () =>
  (await db.$queryRaw<{ key: string }[]>`SELECT period_key AS key FROM campaign_runs ORDER BY period_key`).map((r) => r.key);

describe('pruneOldPreviews', () => {
  it('deletes previews created before the cutoff, oldest first and at most the limit; keeps recent previews and every run', async () => {
    await run('2026-W30', false, 120);
    await run('preview-a-old', true, 60);
    await run('preview-b-old', true, 20);
    await run('2026-W45', false, 15);
    await run('preview-c-old', true, 8);
    await run('preview-d-recent', true, 2);
    await run('2026-W48', false, 1);
    const cutoff = new Date(Date.now() - 7 * DAY);

    expect(await pruneOldPreviews(db, cutoff, 2)).toBe(2);
    expect(await periods()).toEqual(['2026-W30', '2026-W45', '2026-W48', 'preview-c-old', 'preview-d-recent']);
    expect(await pruneOldPreviews(db, cutoff, 2)).toBe(1);
    expect(await pruneOldPreviews(db, cutoff, 2)).toBe(0);
    expect(await periods()).toEqual(['2026-W30', '2026-W45', '2026-W48', 'preview-d-recent']);
  });

  it('finds previews through their partial index, not by walking the real runs', async () => {
    const plan = await db.$transaction(async (tx) => {
      // The tables are tiny here, so only a plan without sequential scans says whether the index serves the walk.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
        EXPLAIN SELECT id, created_at FROM campaign_runs WHERE dry_run ORDER BY id LIMIT 100`;
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('campaign_runs_preview_id_idx');
  });
});
