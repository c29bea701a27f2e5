import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { startAdminApiFixture, type AdminApiFixture } from '../admin-api/test-fixture.js';
import type { AppContext } from '../app/context.js';
import { createDb } from '../db/client.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { createRedis } from '../queue/connection.js';
import { CAMPAIGN_QUEUE, createCampaignQueue, SCHEDULED_JOB, type CampaignJobData, type CampaignQueue } from './jobs.js';
import { missedOccurrenceJob } from './missed-occurrences.js';
import { createCampaignJobProcessor } from './process.js';
import { lastRunAt, periodKey, type RecurringSchedule } from './rules/schedule.js';
import { localDateTime } from './rules/zoned.js';
import { createCampaignRunner } from './run.js';

/**
 * A weekly campaign's occurrence whose job failed every attempt because the database was down (real Redis and
 * Postgres, the emulator as the platform; a queue prefix per test): the missed-occurrence check runs it once the
 * database is back, and only once. Without the check the occurrence is gone until next week's.
 */
const DOMAIN = 'missed-occurrence.myshopify.com';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;
let f: AdminApiFixture;
let rewardId: string;

beforeAll(async () => {
  f = await startAdminApiFixture(DOMAIN);
  let orderId = 95_000;
  for (const customerId of [9501, 9502]) {
    await f.deliver(f.shop, 'orders/paid', orderPayload({ id: ++orderId, customerId, subtotal: '50.00', processedAt: new Date(Date.now() - 86_400_000) }));
  }
  await eventually(async () => (await f.db.member.count({ where: { shopId: f.shop.id } })) === 2);
  const settings = (await f.shop.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program/settings')).body;
  rewardId = settings.rewards.find((r) => r.kind === 'free_shipping')?.id ?? '';
  // A shop that installed the app a month ago: its occurrences since are its schedules'.
  await f.db.shop.update({ where: { id: f.shop.id }, data: { installedAt: new Date(Date.now() - 30 * 24 * 60 * MINUTE) } });
});

afterAll(async () => {
  await f?.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A weekly code campaign for both members whose occurrence was `ago` before now (in the shop's zone, to the minute),
 * saved `savedAgo` before now (moved back in the database: a campaign saved then); its schedule and occurrence.
 */
async function weeklyCampaign(name: string, ago: number, savedAgo: number, active = true) {
  const due = localDateTime(new Date(Date.now() - ago), BERLIN);
  const schedule: RecurringSchedule = { kind: 'weekly', weekday: due.weekday, time: `${String(due.hour).padStart(2, '0')}:${String(due.minute).padStart(2, '0')}` };
  const res = await f.shop.api<{ id: string }>('POST', '/campaigns', {
    name,
    active,
    recipients: { mode: 'count', count: 10 },
    schedule,
    gift: { kind: 'reward_code', rewardId },
  });
  expect(res.status).toBe(201);
  const id = Number(res.body.id);
  const savedAt = new Date(Date.now() - savedAgo);
  await f.db.$executeRaw`UPDATE campaigns SET created_at = ${savedAt}, updated_at = ${savedAt} WHERE id = ${id}`;
  return { id, schedule, occurrence: lastRunAt(schedule, new Date(), BERLIN) };
}

/** A campaign queue under a prefix of its own and a worker on it with `ctx` (a broken one: the database is down). */
function startWorker(ctx: AppContext, prefix: string) {
  const producer = createRedis(f.app.ctx.config.redisUrl);
  const queue: CampaignQueue = createCampaignQueue(producer, prefix);
  const runner = createCampaignRunner(ctx);
  const processor = createCampaignJobProcessor(ctx, runner, queue, { wait: { minDelayMs: 20, maxDelayMs: 500 } });
  const worker = new Worker<CampaignJobData, unknown, string>(CAMPAIGN_QUEUE, processor, { connection: createRedis(f.app.ctx.config.redisUrl), prefix });
  const completed: { id: string | undefined; result: unknown }[] = [];
  const failed: { id: string | undefined; attemptsMade: number; message: string }[] = [];
  worker.on('completed', (job: Job, result: unknown) => completed.push({ id: job.id, result }));
  worker.on('failed', (job, err) => failed.push({ id: job?.id, attemptsMade: job?.attemptsMade ?? 0, message: err.message }));
  const close = async () => {
    await worker.close();
    await queue.close();
    producer.disconnect();
  };
  cleanups.push(close);
  return { queue, runner, completed, failed, close };
}

const runsOf = (campaignId: number) => f.db.campaignRun.findMany({ where: { campaignId, dryRun: false }, include: { recipients: true } });

describe('a scheduled occurrence whose job failed every attempt', () => {
  it('is run once the database is back, and only once: the check again and a late job find its run', async () => {
    const { id, schedule, occurrence } = await weeklyCampaign('Lost Monday', 20 * MINUTE, 7 * 24 * 60 * MINUTE);
    const prefix = `test-${randomUUID()}`;

    // The occurrence's job, as the job scheduler adds it, meets a database that is down: every attempt fails, and the
    // failed job leaves Redis.
    const downDb = createDb('postgresql://postgres@127.0.0.1:1/loyale', { poolSize: 1 });
    cleanups.push(() => downDb.$disconnect());
    const down = startWorker({ ...f.app.ctx, db: downDb }, prefix);
    const lost = await down.queue.add(SCHEDULED_JOB, { campaignId: id }, { attempts: 3, backoff: { type: 'fixed', delay: 20 } });
    await eventually(async () => down.failed.some((e) => e.id === lost.id && e.attemptsMade === 3), 15_000);
    expect(await down.queue.getJob(lost.id!)).toBeUndefined();
    expect(await runsOf(id)).toEqual([]);
    await down.close();

    // The database is back: the check finds the occurrence without its run and queues it; a worker runs it.
    const up = startWorker(f.app.ctx, prefix);
    const check = missedOccurrenceJob(f.app.ctx, up);
    expect(await check.run()).toBe(false);
    const [run] = await eventually(async () => {
      const runs = await runsOf(id);
      return runs[0]?.status === 'completed' ? runs : undefined;
    }, 15_000);
    expect(run).toMatchObject({
      trigger: 'schedule',
      periodKey: periodKey(schedule, occurrence, BERLIN),
      scheduledFor: occurrence,
      recipientCount: 2,
      deliveredCount: 2,
      failedCount: 0,
    });
    const codes = run!.recipients.map((r) => r.code);
    expect(codes).toHaveLength(2);

    // Once only: the check again, and the occurrence's job arriving late (a worker busy for long), find that run.
    expect(await check.run()).toBe(false);
    const late = await up.queue.add(SCHEDULED_JOB, { campaignId: id });
    await eventually(async () => up.completed.find((c) => c.id === late.id), 15_000);
    expect(up.completed.find((c) => c.id === late.id)?.result).toBe('completed');
    expect(await runsOf(id)).toHaveLength(1);
    for (const code of codes) expect(f.emulator.discounts(DOMAIN).filter((d) => d.code === code)).toHaveLength(1);
    expect(up.failed).toEqual([]);
  });

  it('is not made up for a campaign saved after it (another schedule, or switched on since), nor for one switched off', async () => {
    const savedSince = await weeklyCampaign('Saved since', 20 * MINUTE, 10 * MINUTE);
    const switchedOff = await weeklyCampaign('Switched off', 20 * MINUTE, 7 * 24 * 60 * MINUTE, false);
    const up = startWorker(f.app.ctx, `test-${randomUUID()}`);

    expect(await missedOccurrenceJob(f.app.ctx, up).run()).toBe(false);
    expect(await runsOf(savedSince.id)).toEqual([]);
    expect(await runsOf(switchedOff.id)).toEqual([]);
    expect(await up.queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).toEqual([]);
  });
});
