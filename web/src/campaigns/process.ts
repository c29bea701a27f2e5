import { UnrecoverableError, type Job } from 'bullmq';
import type { AppContext } from '../app/context.js';
import { findCampaignAndShop } from './repository.js';
import { removeCampaignJobs, RUN_JOB, SCHEDULED_JOB, type CampaignJobData, type CampaignQueue } from './jobs.js';
import type { CampaignRunner } from './run.js';
import type { RunRecord } from './run-repository.js';

const idOf = (data: unknown, field: 'campaignId' | 'runId'): number => {
  const value = (data as Record<string, unknown> | null)?.[field];
  // Retrying cannot fix a job that carries no id: it fails for good.
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new UnrecoverableError(`job without a valid ${field}`);
  return value;
};

/**
 * A run that still has pending recipients, held by another worker (one that died) or waiting for their retry after a
 * failure that may pass: the job retries after a while (jobs.ts, RUN_JOB_RETRY).
 */
function assertFinished(run: RunRecord | null): string {
  if (run?.status === 'delivering') throw new Error(`campaign run ${run.id} has recipients still pending (held by another worker or waiting for a retry); retrying`);
  return run?.status ?? 'gone';
}

/**
 * The campaigns worker: a schedule that fired creates (or finds) the run of its period and executes it; a run job
 * executes (or resumes) its run. A campaign that is gone or inactive by the time its job fires is skipped, and its
 * jobs removed.
 */
export function createCampaignJobProcessor(ctx: AppContext, runner: CampaignRunner, queue: CampaignQueue) {
  return async (job: Job<CampaignJobData>): Promise<string> => {
    if (job.name === RUN_JOB) return assertFinished(await runner.executeRun(idOf(job.data, 'runId')));
    if (job.name !== SCHEDULED_JOB) throw new UnrecoverableError(`unknown campaign job ${job.name}`);

    const campaignId = idOf(job.data, 'campaignId');
    const found = await findCampaignAndShop(ctx.db, campaignId);
    if (!found?.campaign.active) {
      await removeCampaignJobs(queue, campaignId);
      return 'skipped';
    }
    const { shop, campaign } = found;
    // An uninstalled shop gives no gifts; its schedule stays for a reinstall.
    if (shop.uninstalledAt) return 'skipped';
    // The moment the job was due (a retry runs later but belongs to the same period).
    const firedAt = new Date(job.timestamp + (job.delay ?? 0));
    const run = await runner.startRun(shop, campaign, { kind: 'schedule', firedAt });
    return assertFinished(await runner.executeRun(run.id));
  };
}
