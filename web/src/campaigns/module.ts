import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../app/context.js';
import { createRedis } from '../queue/connection.js';
import { keepScheduled } from '../queue/keep-scheduled.js';
import { throttledWarning } from '../webhooks/throttled-warning.js';
import { CAMPAIGN_QUEUE, createCampaignQueue, enqueueRun, reconcileCampaignJobs, removeCampaignJobs, syncCampaignJobs, type CampaignQueue } from './jobs.js';
import { createCampaignJobProcessor } from './process.js';
import type { RunWaitPolicy } from './rules/run-wait.js';
import { listActiveCampaigns, type CampaignRecord } from './repository.js';
import { createCampaignRunner, type CampaignRunner, type CampaignRunnerOptions } from './run.js';
import { hasRunOnce, type RunRecord } from './run-repository.js';

export interface CampaignModuleOptions extends CampaignRunnerOptions {
  /** Runs executed in parallel by this process. @defaultValue 2 */
  concurrency?: number;
  /**
   * The bounds of the wait of a run's job while recipients are pending (rules/run-wait.ts).
   * @defaultValue DEFAULT_RUN_WAIT (at least 1 s, at most 5 min)
   */
  wait?: Partial<RunWaitPolicy>;
}

export interface CampaignModule {
  runner: CampaignRunner;
  queue: CampaignQueue;
  /** After a campaign was saved: its job scheduler or once-job as it now says. */
  sync(campaign: CampaignRecord, timeZone: string): Promise<void>;
  /** After a campaign was deleted. */
  remove(campaignId: number): Promise<void>;
  /** Queues a run ("run now"). */
  enqueue(run: RunRecord): Promise<void>;
  /** Starts the worker and brings the job schedulers in line with the campaigns. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const modules = new WeakMap<AppContext, CampaignModule>();

/**
 * The campaign module of this process's context, created on first use: the web process's admin API reaches the queue
 * through it, and `startJobs` starts its worker wherever the jobs run (this process or the worker process).
 */
export function campaignModuleOf(ctx: AppContext, options: CampaignModuleOptions = {}): CampaignModule {
  return modules.get(ctx) ?? createCampaignModule(ctx, options);
}

/**
 * Surprise-gift campaigns in the background: the `campaigns` queue (a producer connection that fails fast while Redis
 * is down, so saving a campaign never hangs), its worker, and a reconciliation of the job schedulers with Postgres at
 * start and whenever Redis comes back (it may have lost them). Registered for `campaignModuleOf(ctx)`; only `start`
 * runs the worker, so the web process of a separate worker process only adds jobs.
 */
export function createCampaignModule(ctx: AppContext, options: CampaignModuleOptions = {}): CampaignModule {
  const log = ctx.log.child({ component: 'campaigns' });
  const redisWarning = throttledWarning(log, 30_000);
  const producer = createRedis(ctx.config.redisUrl, { enableOfflineQueue: false, commandTimeout: 5_000 });
  producer.on('error', (err: Error) => redisWarning({ err: err.message }, 'Redis connection error (campaigns)'));
  const queue = createCampaignQueue(producer, ctx.config.queuePrefix);
  queue.on('error', (err: Error) => redisWarning({ err: err.message }, 'campaign queue error'));
  const runner = createCampaignRunner(ctx, undefined, options);

  let workerConnection: Redis | null = null;
  let worker: Worker | null = null;
  let started = false;
  let closing: Promise<void> | null = null;

  const reconcile = () => {
    listActiveCampaigns(ctx.db)
      .then((active) => reconcileCampaignJobs(queue, active))
      .catch((err: unknown) => log.warn({ err }, 'could not reconcile campaign schedules; retried when Redis is back'));
  };
  let stopScheduling: (() => void) | null = null;

  const module: CampaignModule = {
    runner,
    queue,
    sync: async (campaign, timeZone) => syncCampaignJobs(queue, { campaign, timeZone, ranOnce: await hasRunOnce(ctx.db, campaign.id) }),
    remove: (campaignId) => removeCampaignJobs(queue, campaignId),
    enqueue: (run) => enqueueRun(queue, run),
    async start() {
      if (started) return;
      started = true;
      workerConnection = createRedis(ctx.config.redisUrl, { lazyConnect: true }).on('error', () => {});
      worker = new Worker(CAMPAIGN_QUEUE, createCampaignJobProcessor(ctx, runner, queue, { wait: options.wait, now: options.now }), {
        connection: workerConnection,
        prefix: ctx.config.queuePrefix,
        concurrency: options.concurrency ?? 2,
      });
      worker.on('error', (err: Error) => redisWarning({ err: err.message, queue: CAMPAIGN_QUEUE }, 'worker error'));
      worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'campaign job failed'));
      // Redis keeps nothing: the campaigns' schedules are reconciled again after a restart or a flush.
      stopScheduling = keepScheduled(producer, reconcile);
    },
    close() {
      closing ??= (async () => {
        stopScheduling?.();
        await worker?.close();
        await queue.close();
        producer.disconnect();
        workerConnection?.disconnect();
      })();
      return closing;
    },
  };
  modules.set(ctx, module);
  return module;
}
