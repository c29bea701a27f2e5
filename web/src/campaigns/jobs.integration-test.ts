import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../queue/connection.js';
import { createCampaignQueue, runJobId, syncCampaignJobs, type CampaignQueue } from './jobs.js';
import type { CampaignRecord, ScheduledCampaign } from './repository.js';
import { ONCE_PERIOD } from './rules/schedule.js';

/** syncCampaignJobs on real Redis (a queue prefix per test): what happens to a `once` campaign's waiting job. */
const connection = createRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const queues: CampaignQueue[] = [];
afterAll(async () => {
  for (const queue of queues) await queue.obliterate({ force: true }).then(() => queue.close());
  await connection.quit();
});

/** What syncCampaignJobs reads of a campaign: its id, whether it is active, its schedule. */
const onceCampaign = (id: number, ranOnce: boolean): ScheduledCampaign => ({
  campaign: { id, active: true, schedule: { kind: 'once', runAt: new Date(Date.now() + 3_600_000) } } as unknown as CampaignRecord,
  timeZone: 'Europe/Berlin',
  ranOnce,
});

async function queueWithDelayedOnceJob(campaignId: number, data: { campaignId: number; runId?: number }) {
  const queue = createCampaignQueue(connection, `test-${randomUUID()}`);
  queues.push(queue);
  await queue.add('scheduled', data, { jobId: runJobId(campaignId, ONCE_PERIOD), delay: 60_000 });
  return queue;
}

describe('syncCampaignJobs and a once campaign that ran', () => {
  it('keeps the job of a started run that parked itself until a recipient is due (it carries runId)', async () => {
    const queue = await queueWithDelayedOnceJob(41, { campaignId: 41, runId: 7 });
    await syncCampaignJobs(queue, onceCampaign(41, true));
    const job = await queue.getJob(runJobId(41, ONCE_PERIOD));
    expect(job?.data).toEqual({ campaignId: 41, runId: 7 });
    expect(await job?.isDelayed()).toBe(true);
  });

  it('removes a job that has not started its run (the campaign ran already: nothing is added again)', async () => {
    const queue = await queueWithDelayedOnceJob(42, { campaignId: 42 });
    await syncCampaignJobs(queue, onceCampaign(42, true));
    expect(await queue.getJob(runJobId(42, ONCE_PERIOD))).toBeUndefined();
  });
});

describe('syncCampaignJobs and a weekly campaign', () => {
  const weekly = (id: number, time: string): ScheduledCampaign => ({
    campaign: { id, active: true, schedule: { kind: 'weekly', weekday: 1, time } } as unknown as CampaignRecord,
    timeZone: 'Europe/Berlin',
    ranOnce: false,
  });
  const waitingJobs = async (queue: CampaignQueue) => (await queue.getJobs(['waiting'])).map((job) => job.id);

  it('keeps an occurrence that is due but not taken yet when the unchanged schedule is synced again (the periodic reconcile)', async () => {
    const queue = createCampaignQueue(connection, `test-${randomUUID()}`);
    queues.push(queue);
    await syncCampaignJobs(queue, weekly(51, '09:00'));
    const [due] = await queue.getJobs(['delayed']);
    await due!.promote(); // its time came; every worker is busy
    expect(await waitingJobs(queue)).toEqual([due!.id]);

    await syncCampaignJobs(queue, weekly(51, '09:00'));
    expect(await waitingJobs(queue)).toEqual([due!.id]);
  });

  it('a changed time replaces the scheduler', async () => {
    const queue = createCampaignQueue(connection, `test-${randomUUID()}`);
    queues.push(queue);
    await syncCampaignJobs(queue, weekly(52, '09:00'));
    await syncCampaignJobs(queue, weekly(52, '18:30'));
    expect((await queue.getJobSchedulers()).map((s) => s.pattern)).toEqual(['30 18 * * 1']);
  });
});

