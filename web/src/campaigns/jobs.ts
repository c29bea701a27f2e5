import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ScheduledCampaign } from './repository.js';
import { cronPattern, ONCE_PERIOD } from './rules/schedule.js';

/**
 * The BullMQ queue of surprise-gift campaigns. A recurring campaign has a job scheduler (`campaign-<id>`, a cron
 * pattern in the shop's zone) whose jobs carry the campaign; a `once` campaign has one delayed job at its time; "run
 * now" adds a job for the run it created. Job ids are run keys (`campaign-<id>-<period key>`), so adding the same run
 * twice while it waits is a no-op; the run itself is unique per (campaign, period) in Postgres, which is the last word.
 */
export const CAMPAIGN_QUEUE = 'campaigns';
/** A campaign's schedule fired: `{ campaignId }`; `runId` is added once it started its run and waits (process.ts). */
export const SCHEDULED_JOB = 'campaign-scheduled';
/** A run to execute (or resume): `{ runId }`. */
export const RUN_JOB = 'campaign-run';

export type CampaignJobData = { campaignId: number; runId?: number } | { runId: number };
export type CampaignQueue = Queue<CampaignJobData, unknown, string>;

/**
 * How a job that failed is retried: 6 attempts, waiting 15 s, 30 s, 60 s, ... between them (BullMQ's exponential
 * backoff). Only for failures of the job itself (the database gone while reading the run): a run whose recipients
 * wait (held by another worker, or waiting for the retry of a delivery) is not one, its job waits for them without
 * using an attempt (process.ts).
 */
export const RUN_JOB_RETRY = { attempts: 6, delayMs: 15_000 } as const;

/** Finished jobs leave Redis, so a once-job's id can be used again after an edit. */
const JOB_OPTIONS: JobsOptions = {
  attempts: RUN_JOB_RETRY.attempts,
  backoff: { type: 'exponential', delay: RUN_JOB_RETRY.delayMs },
  removeOnComplete: true,
  removeOnFail: true,
};

export const schedulerId = (campaignId: number) => `campaign-${campaignId}`;
export const runJobId = (campaignId: number, periodKey: string) => `campaign-${campaignId}-${periodKey}`;

export function createCampaignQueue(connection: Redis, prefix: string): CampaignQueue {
  return new Queue<CampaignJobData, unknown, string>(CAMPAIGN_QUEUE, { connection, prefix, defaultJobOptions: JOB_OPTIONS });
}

/**
 * Removes a job that has not started yet (a running one finishes; its run is idempotent anyway). A job that started
 * its run and parked itself until a recipient is due (it carries `runId`, process.ts) stays: its run delivers what it
 * chose whatever becomes of the campaign, and removing it (on every Redis reconnect, which reconciles the jobs) would
 * leave the run to the stalled-run check.
 */
async function removeWaitingJob(queue: CampaignQueue, jobId: string): Promise<void> {
  const job = await queue.getJob(jobId);
  if (!job || job.data.runId !== undefined) return;
  if ((await job.isDelayed()) || (await job.isWaiting())) await job.remove();
}

export async function removeCampaignJobs(queue: CampaignQueue, campaignId: number): Promise<void> {
  await queue.removeJobScheduler(schedulerId(campaignId));
  await removeWaitingJob(queue, runJobId(campaignId, ONCE_PERIOD));
}

/**
 * Makes the queue reflect the campaign: inactive or deleted → no jobs; weekly/monthly → its job scheduler (upserted:
 * a new time replaces the old); once → a delayed job at its time, unless it ran already. Idempotent.
 */
export async function syncCampaignJobs(queue: CampaignQueue, scheduled: ScheduledCampaign, now = new Date()): Promise<void> {
  const { campaign, timeZone, ranOnce } = scheduled;
  const { schedule } = campaign;
  const onceJobId = runJobId(campaign.id, ONCE_PERIOD);
  if (!campaign.active) return removeCampaignJobs(queue, campaign.id);
  if (schedule.kind !== 'once') {
    await removeWaitingJob(queue, onceJobId);
    const pattern = cronPattern(schedule);
    // Upserting an unchanged scheduler is not harmless: BullMQ drops its occurrence that is due but not taken yet
    // (every worker busy with a long run, the worker process restarting) and plans the one after now, so that
    // period's run would be lost without a trace. Only a new or changed schedule (or one Redis lost) is upserted.
    const existing = await queue.getJobScheduler(schedulerId(campaign.id));
    if (existing?.pattern === pattern && existing.tz === timeZone) return;
    await queue.upsertJobScheduler(
      schedulerId(campaign.id),
      { pattern, tz: timeZone },
      { name: SCHEDULED_JOB, data: { campaignId: campaign.id }, opts: JOB_OPTIONS },
    );
    return;
  }
  await queue.removeJobScheduler(schedulerId(campaign.id));
  // Its time may have changed: the waiting job goes, and a new one is added for the time now saved.
  await removeWaitingJob(queue, onceJobId);
  if (ranOnce) return;
  await queue.add(SCHEDULED_JOB, { campaignId: campaign.id }, { jobId: onceJobId, delay: Math.max(0, schedule.runAt.getTime() - now.getTime()) });
}

/** Queues a run created by "run now". */
export async function enqueueRun(queue: CampaignQueue, run: { id: number; campaignId: number; periodKey: string }): Promise<void> {
  await queue.add(RUN_JOB, { runId: run.id }, { jobId: runJobId(run.campaignId, run.periodKey) });
}

/**
 * Brings the queue in line with every active campaign (at start, and when Redis comes back without its data):
 * schedulers and once-jobs of active campaigns are upserted, schedulers of campaigns that are gone are removed.
 */
export async function reconcileCampaignJobs(queue: CampaignQueue, active: readonly ScheduledCampaign[]): Promise<void> {
  for (const scheduled of active) await syncCampaignJobs(queue, scheduled);
  const wanted = new Set(active.filter((s) => s.campaign.schedule.kind !== 'once').map((s) => schedulerId(s.campaign.id)));
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (scheduler.key && !wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
  }
}

