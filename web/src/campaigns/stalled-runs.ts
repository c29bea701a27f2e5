import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { enqueueRun, runJobId, type CampaignQueue } from './jobs.js';
import { findStalledRuns } from './run-repository.js';

export interface StalledRunOptions {
  /** The check's period. @defaultValue 5 minutes */
  everyMs?: number;
  /**
   * A run on which nothing happened for this long has lost its job. Longer than a lease (2 min), the longest delivery
   * backoff (5 min) and the job's longest wait (5 min), so a run whose job is alive is never taken for stalled.
   * @defaultValue 15 minutes
   */
  stalledAfterMs?: number;
  /** Runs looked at per check at most; more wait for the next check (a run found stalled is rare). @defaultValue 100 */
  batchSize?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/** BullMQ states of a job that will still run. */
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The safety net of campaign runs: a run `pending` or `delivering` whose job is gone (it failed for good while the
 * database or the platform was away, Redis lost it on a restart, an edit of a `once` campaign removed its waiting
 * job) would never finish and its gifts never be delivered. A periodic check finds runs without progress for a while
 * and queues their run job again, under the run's job id, so a run job that is still there is not doubled. (A
 * scheduled run's job has an id of its scheduler's; alive, it makes progress and its run is never found stalled.) A
 * run is idempotent anyway: recipients are claimed with leases, each delivery is keyed. An occurrence whose job failed
 * before it made its run has no run to find here: missed-occurrences.ts catches those up.
 */
export function stalledRunJob(ctx: AppContext, queue: CampaignQueue, options: StalledRunOptions = {}): ScheduledJob {
  const stalledAfterMs = options.stalledAfterMs ?? 15 * 60_000;
  const batchSize = options.batchSize ?? 100;
  const now = options.now ?? (() => new Date());
  const log = ctx.log.child({ component: 'campaigns' });
  return {
    name: 'campaign-stalled-runs',
    everyMs: options.everyMs ?? 5 * 60_000,
    run: async () => {
      const at = now();
      const stalled = await findStalledRuns(ctx.db, new Date(at.getTime() - stalledAfterMs), at, batchSize);
      for (const run of stalled) {
        const jobId = runJobId(run.campaignId, run.periodKey);
        const existing = await queue.getJob(jobId);
        if (existing && LIVE_STATES.has(await existing.getState())) continue;
        // A finished job kept under the id (none is kept: removeOnComplete/removeOnFail) would block the add.
        await existing?.remove();
        await enqueueRun(queue, run);
        log.warn({ runId: run.id, campaignId: run.campaignId, periodKey: run.periodKey }, 'campaign run without progress and without a job; queued again');
      }
      // No continuation at once: a run skipped for its live job would be found again and again.
      return false;
    },
  };
}
