import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { startAdminApiFixture, type AdminApiFixture } from '../admin-api/test-fixture.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { createRedis } from '../queue/connection.js';
import { AdminApiError, createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { CAMPAIGN_QUEUE, createCampaignQueue, RUN_JOB, runJobId, type CampaignJobData, type CampaignQueue } from './jobs.js';
import { createCampaignJobProcessor } from './process.js';
import { findCampaign } from './repository.js';
import { createCampaignRunner, type CampaignRunner } from './run.js';
import { stalledRunJob } from './stalled-runs.js';

/**
 * The job of a campaign run on a real BullMQ worker (real Redis and Postgres, the emulator as the platform): a run
 * whose recipient waits for a retry makes its job wait, not fail, and one whose job is lost is queued again by the
 * stalled-run check. Each test has a queue prefix of its own, and the waits are short.
 */
let f: AdminApiFixture;
let rewardId: string;

beforeAll(async () => {
  f = await startAdminApiFixture('run-job.myshopify.com');
  let orderId = 90_000;
  for (const [customerId, firstName] of [
    [9001, 'Ida'],
    [9002, 'Jan'],
  ] as const) {
    const payload = orderPayload({ id: ++orderId, customerId, subtotal: '50.00', processedAt: new Date(Date.now() - 86_400_000), firstName, email: `${firstName}@example.de` });
    await f.deliver(f.shop, 'orders/paid', payload);
  }
  await eventually(async () => (await f.db.member.count({ where: { shopId: f.shop.id } })) === 2);
  const settings = (await f.shop.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program/settings')).body;
  rewardId = settings.rewards.find((r) => r.kind === 'free_shipping')?.id ?? '';
});

afterAll(async () => {
  await f?.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A code campaign for both members, and its run started by `runner` (nothing chosen or delivered yet). */
async function startRun(runner: CampaignRunner, key: string) {
  const res = await f.shop.api<{ id: string }>('POST', '/campaigns', {
    name: `Run job ${key}`,
    active: false,
    recipients: { mode: 'count', count: 10 },
    schedule: { kind: 'weekly', weekday: 1, time: '09:00' },
    gift: { kind: 'reward_code', rewardId },
  });
  expect(res.status).toBe(201);
  const shop = await f.db.shop.findUniqueOrThrow({ where: { id: f.shop.id } });
  const campaign = await findCampaign(f.db, f.shop.id, Number(res.body.id));
  if (!campaign) throw new Error('campaign not saved');
  return runner.startRun(shop, campaign, { kind: 'manual', key });
}

/** The real client, but the platform answers 503 to the code creations for customer 9001 while `failing()` says so. */
function failingFor9001(failing: () => boolean): AdminClient {
  const real = createAdminClient(f.app.ctx);
  return {
    request: (shopDomain, operation, variables) =>
      operation.name === 'DiscountCodeFreeShippingCreate' && JSON.stringify(variables).includes('Customer/9001"') && failing()
        ? Promise.reject(new AdminApiError('Admin API answered 503', { status: 503, outcomeUnknown: true, operation: operation.name }))
        : real.request(shopDomain, operation, variables),
  };
}

interface Finished {
  result: unknown;
  /** BullMQ counts the attempt that completed the job. */
  attemptsMade: number;
  /** Every time a worker took the job: the first run and each return from a wait. */
  attemptsStarted: number;
}

/** A campaign queue and its worker under a prefix of their own, with the runner and its clock; closed after the test. */
function startWorker(runner: CampaignRunner, now: () => Date) {
  const prefix = `test-${randomUUID()}`;
  const producer = createRedis(f.app.ctx.config.redisUrl);
  const queue: CampaignQueue = createCampaignQueue(producer, prefix);
  const processor = createCampaignJobProcessor(f.app.ctx, runner, queue, { now, wait: { minDelayMs: 20, maxDelayMs: 500 } });
  const worker = new Worker<CampaignJobData, unknown, string>(CAMPAIGN_QUEUE, processor, { connection: createRedis(f.app.ctx.config.redisUrl), prefix });
  const completed = new Map<string, Finished>();
  const failed: string[] = [];
  worker.on('completed', (job: Job, result: unknown) => completed.set(job.id ?? '', { result, attemptsMade: job.attemptsMade, attemptsStarted: job.attemptsStarted }));
  worker.on('failed', (job, err) => failed.push(`${job?.id}: ${err.message}`));
  cleanups.push(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    producer.disconnect();
  });
  return { queue, completed, failed };
}

const recipientOf = (runId: number, customerId: string) => f.db.campaignRecipient.findFirstOrThrow({ where: { runId, member: { customerId } } });

describe('the job of a run whose recipient waits for a retry', () => {
  it('waits (delayed, no attempt used) instead of failing, and completes the run once the recipient is delivered', async () => {
    let failures = 0;
    const admin = failingFor9001(() => ++failures <= 4);
    // Retries 50 ms, 100 ms, 100 ms, ... apart: four failures, the fifth attempt delivers.
    const runner = createCampaignRunner(f.app.ctx, admin, { retry: { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 100 } });
    const { queue, completed, failed } = startWorker(runner, () => new Date());
    const run = await startRun(runner, 'waits-for-retry');
    const jobId = runJobId(run.campaignId, run.periodKey);
    // One attempt only: a job that threw while its recipient waited would fail for good at once.
    await queue.add(RUN_JOB, { runId: run.id }, { jobId, attempts: 1 });

    const done = await eventually(async () => completed.get(jobId), 15_000);
    expect(failed).toEqual([]);
    // Taken up again after its waits (a pass may also retry a recipient that came due while it delivered to the
    // other), yet only the completing attempt counted.
    expect(done).toEqual({ result: 'completed', attemptsMade: 1, attemptsStarted: expect.any(Number) });
    expect(done.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(await f.db.campaignRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    expect(await recipientOf(run.id, '9001')).toMatchObject({ status: 'delivered', attempts: 5, error: null, code: expect.any(String) });
    expect(await recipientOf(run.id, '9002')).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('the stalled-run check', () => {
  it('queues the job of a run that lost it again, once nothing happened for a while; the run completes', async () => {
    let failing = true;
    // A clock the test moves forward: the recipient's retry (a minute away) comes due without sleeping.
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    const runner = createCampaignRunner(f.app.ctx, failingFor9001(() => failing), { now, retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const { queue, completed, failed } = startWorker(runner, now);
    const run = await startRun(runner, 'lost-job');
    const jobId = runJobId(run.campaignId, run.periodKey);
    await queue.add(RUN_JOB, { runId: run.id }, { jobId });

    // The job delivered to 9002 and waits for 9001's retry; then Redis loses it.
    await eventually(async () => (await recipientOf(run.id, '9001')).attempts === 1 && (await (await queue.getJob(jobId))?.isDelayed()));
    await (await queue.getJob(jobId))?.remove();
    expect(await queue.getJob(jobId)).toBeUndefined();
    failing = false;

    const check = stalledRunJob(f.app.ctx, queue, { stalledAfterMs: 90_000, now });
    // 9001 waits for its retry (a minute), and nothing happened for less than 90 s: not stalled, nothing queued.
    expect(await check.run()).toBe(false);
    expect(await queue.getJob(jobId)).toBeUndefined();
    // Its retry is due, but the run saw progress 75 s ago: still not stalled (a live job may just be coming).
    offset = 75_000;
    expect(await check.run()).toBe(false);
    expect(await queue.getJob(jobId)).toBeUndefined();
    expect(await f.db.campaignRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'delivering' });

    offset = 3 * 60_000;
    expect(await check.run()).toBe(false);
    const done = await eventually(async () => completed.get(jobId), 15_000);
    expect(failed).toEqual([]);
    expect(done.result).toBe('completed');
    expect(await f.db.campaignRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    expect(await recipientOf(run.id, '9001')).toMatchObject({ status: 'delivered', attempts: 2 });

    // A finished run is not queued again.
    await check.run();
    expect(await queue.getJob(jobId)).toBeUndefined();
  });

  it('leaves a run alone whose job is still there', async () => {
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    const runner = createCampaignRunner(f.app.ctx, createAdminClient(f.app.ctx), { now });
    const { queue } = startWorker(runner, now);
    const run = await startRun(runner, 'job-still-there');
    const jobId = runJobId(run.campaignId, run.periodKey);
    // A job far in the future stands for one that is alive (waiting its turn); the run has not started.
    await queue.add(RUN_JOB, { runId: run.id }, { jobId, delay: 3_600_000 });
    const before = await queue.getJob(jobId);

    offset = 60 * 60_000;
    await stalledRunJob(f.app.ctx, queue, { stalledAfterMs: 60_000, now }).run();
    const after = await queue.getJob(jobId);
    expect(after?.timestamp).toBe(before?.timestamp);
    expect(await after?.isDelayed()).toBe(true);
    expect(await f.db.campaignRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: 'pending' });
  });
});
