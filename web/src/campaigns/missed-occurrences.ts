import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { enqueueRun, RUN_JOB_RETRY, type CampaignQueue } from './jobs.js';
import { listRecurringCampaigns } from './repository.js';
import { occurrenceToCatchUp } from './rules/missed-occurrence.js';
import { periodKey } from './rules/schedule.js';
import type { CampaignRunner } from './run.js';
import { periodId, periodsWithRuns } from './run-repository.js';

export interface MissedOccurrenceOptions {
  /** The check's period. @defaultValue 5 minutes */
  everyMs?: number;
  /**
   * How long after an occurrence its own job may still be running it: twice the backoff of the job's retries
   * (RUN_JOB_RETRY: 6 attempts, 15 s doubling, about 8 minutes), so a catch-up does not race a job still trying, also
   * one taken a little late. (Were it to, both would run the one run of the period.) @defaultValue about 15.5 minutes
   */
  graceMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/** The time a job of an occurrence spends waiting between its attempts, all of them used: 15 + 30 + ... + 240 s. */
const JOB_RETRY_SPAN_MS = RUN_JOB_RETRY.delayMs * (2 ** (RUN_JOB_RETRY.attempts - 1) - 1);

/**
 * Catches up the occurrence of a weekly or monthly campaign that never got its run. The job scheduler adds one job per
 * occurrence; when that job fails every attempt before it created the run (the database down for those minutes), or
 * Redis loses it (a restart, a flush: the scheduler plans only the next occurrence), the occurrence is gone: the
 * stalled-run check sees runs, not occurrences that have none. This check asks Postgres instead: for each active
 * recurring campaign, the latest occurrence its job had all its attempts for (rules/missed-occurrence.ts), and starts
 * and queues the run of its period when there is none. Once: a period has one run (unique per campaign and period),
 * so the check again, or the occurrence's own job arriving late, finds that run and delivers what it chose, nothing
 * twice. The run is as the job would have made it (trigger `schedule`, the occurrence's period and time, the
 * campaign's gift as it is now), so a campaign whose gift cannot be given records a failed run the merchant sees.
 * `once` campaigns need no catch-up: while no run of theirs exists, every reconcile adds their job again (jobs.ts).
 */
export function missedOccurrenceJob(
  ctx: AppContext,
  campaigns: { queue: CampaignQueue; runner: CampaignRunner },
  options: MissedOccurrenceOptions = {},
): ScheduledJob {
  const graceMs = options.graceMs ?? 2 * JOB_RETRY_SPAN_MS;
  const now = options.now ?? (() => new Date());
  const log = ctx.log.child({ component: 'campaigns' });
  return {
    name: 'campaign-missed-occurrences',
    everyMs: options.everyMs ?? 5 * 60_000,
    run: async () => {
      const at = now();
      const due = (await listRecurringCampaigns(ctx.db)).flatMap(({ campaign, shop }) => {
        const inForce = { changedAt: campaign.updatedAt, installedAt: shop.installedAt };
        const occurrence = occurrenceToCatchUp(campaign.schedule, shop.timezone, inForce, at, graceMs);
        if (!occurrence) return [];
        return [{ campaign, shop, occurrence, campaignId: campaign.id, periodKey: periodKey(campaign.schedule, occurrence, shop.timezone) }];
      });
      const ran = await periodsWithRuns(ctx.db, due);
      for (const { campaign, shop, occurrence } of due.filter((d) => !ran.has(periodId(d)))) {
        const run = await campaigns.runner.startRun(shop, campaign, { kind: 'schedule', firedAt: occurrence });
        await enqueueRun(campaigns.queue, run);
        log.warn(
          { shop: shop.domain, campaignId: campaign.id, runId: run.id, periodKey: run.periodKey, occurrence },
          'scheduled campaign occurrence without its run (its job lost or failed); caught up',
        );
      }
      return false;
    },
  };
}
