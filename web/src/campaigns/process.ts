import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { AppContext } from '../app/context.js';
import { firedAtOf } from './fired-at.js';
import { findCampaignAndShop } from './repository.js';
import { removeCampaignJobs, RUN_JOB, SCHEDULED_JOB, type CampaignJobData, type CampaignQueue } from './jobs.js';
import { DEFAULT_RUN_WAIT, runWaitMs, type RunWaitPolicy } from './rules/run-wait.js';
import type { CampaignRunner } from './run.js';
import { nextRecipientDueAt, type RunRecord } from './run-repository.js';

const idOf = (data: unknown, field: 'campaignId' | 'runId'): number => {
  const value = (data as Record<string, unknown> | null)?.[field];
  // Retrying cannot fix a job that carries no id: it fails for good.
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new UnrecoverableError(`job without a valid ${field}`);
  return value;
};

/** The run a scheduled job started before it waited (process.ts stores it in the job's data), if any. */
const startedRunOf = (data: unknown): number | undefined =>
  (data as Record<string, unknown> | null)?.runId === undefined ? undefined : idOf(data, 'runId');

export interface CampaignJobProcessorOptions {
  /**
   * The bounds of the wait of a job whose run still has pending recipients (rules/run-wait.ts).
   * @defaultValue DEFAULT_RUN_WAIT (at least 1 s, at most 5 min)
   */
  wait?: Partial<RunWaitPolicy>;
  /** The clock the recipients' leases are measured on (the runner's). @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * The campaigns worker: a schedule that fired creates (or finds) the run of its period and executes it; a run job
 * executes (or resumes) its run. A campaign that is gone or inactive by the time its job fires is skipped, and its
 * jobs removed.
 *
 * A run that still has pending recipients (another worker holds one, or one waits for the retry of a delivery that
 * failed in a way that may pass) is not a failure of the job: the job moves itself back to the delayed set until the
 * next recipient is due, which uses none of its attempts (`skipAttempt`), so a run waits as long as its recipients do
 * and always finishes. Errors of the job itself (the database gone while reading the run) still use the attempts and
 * backoff of jobs.ts (`RUN_JOB_RETRY`); a run whose job was lost anyway is found by the stalled-run check
 * (stalled-runs.ts).
 */
export function createCampaignJobProcessor(ctx: AppContext, runner: CampaignRunner, queue: CampaignQueue, options: CampaignJobProcessorOptions = {}) {
  const wait: RunWaitPolicy = { ...DEFAULT_RUN_WAIT, ...options.wait };
  const now = options.now ?? (() => new Date());

  /** The run's status when it is finished (or gone); otherwise the job waits for its next recipient (throws). */
  async function settle(job: Job<CampaignJobData>, token: string | undefined, run: RunRecord | null): Promise<string> {
    if (run?.status !== 'delivering') return run?.status ?? 'gone';
    const delayMs = runWaitMs(await nextRecipientDueAt(ctx.db, run.id), now(), wait);
    // The job resumes the run it started, not a new one: a scheduled job's period would be computed again otherwise.
    if (job.name === SCHEDULED_JOB && startedRunOf(job.data) === undefined) await job.updateData({ ...job.data, runId: run.id });
    // BullMQ measures the delay on its own clock: the wait is a duration, whatever clock the leases were set on.
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError(`campaign run ${run.id} waits ${delayMs} ms for its next recipient`);
  }

  return async (job: Job<CampaignJobData>, token?: string): Promise<string> => {
    if (job.name === RUN_JOB) return settle(job, token, await runner.executeRun(idOf(job.data, 'runId')));
    if (job.name !== SCHEDULED_JOB) throw new UnrecoverableError(`unknown campaign job ${job.name}`);

    // A scheduled job back from its wait resumes its run, as a run job does (a started run delivers what it chose).
    const startedRunId = startedRunOf(job.data);
    if (startedRunId !== undefined) return settle(job, token, await runner.executeRun(startedRunId));

    const campaignId = idOf(job.data, 'campaignId');
    const found = await findCampaignAndShop(ctx.db, campaignId);
    if (!found?.campaign.active) {
      await removeCampaignJobs(queue, campaignId);
      return 'skipped';
    }
    const { shop, campaign } = found;
    // An uninstalled shop gives no gifts; its schedule stays for a reinstall.
    if (shop.uninstalledAt) return 'skipped';
    const run = await runner.startRun(shop, campaign, { kind: 'schedule', firedAt: firedAtOf(job) });
    return settle(job, token, await runner.executeRun(run.id));
  };
}
