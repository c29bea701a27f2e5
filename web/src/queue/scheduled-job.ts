import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../app/context.js';
import { throttledWarning } from '../webhooks/throttled-warning.js';
import { createRedis } from './connection.js';
import { keepScheduled } from './keep-scheduled.js';

/** A background job that runs on a fixed period, once per period across all processes. */
export interface ScheduledJob {
  /** Its queue's and its job scheduler's name. */
  name: string;
  /** The period; BullMQ also runs it right when the scheduler is first created. */
  everyMs: number;
  /**
   * One run. Resolving `true` says it stopped on its time budget with work left: a continuation is queued at once
   * instead of waiting a whole period (a daily job with a backlog).
   */
  run(): Promise<boolean>;
}

export interface RunningScheduledJobs {
  /** Graceful: running jobs finish, no new ones start, connections close. */
  close(): Promise<void>;
}

export interface ScheduledJobsOptions {
  /** How often the schedulers are upserted again while Redis is up (see `keepScheduled`). @defaultValue 5 minutes */
  rescheduleEveryMs?: number;
}

/**
 * Starts `jobs` as BullMQ job schedulers (one queue each, upserted on every (re)connect and periodically: a Redis
 * restart or flush loses them) with one worker each, concurrency 1. Runs of different processes may overlap; the
 * jobs are safe under that (their rows are claimed with leases).
 */
export function startScheduledJobs(ctx: AppContext, jobs: readonly ScheduledJob[], options: ScheduledJobsOptions = {}): RunningScheduledJobs {
  const log = ctx.log.child({ component: 'scheduled-jobs' });
  const warn = throttledWarning(log, 30_000);
  const prefix = ctx.config.queuePrefix;
  const producer = createRedis(ctx.config.redisUrl, { enableOfflineQueue: false, commandTimeout: 5_000 });
  producer.on('error', (err: Error) => warn({ err: err.message }, 'Redis connection error (scheduled jobs)'));
  // Workers duplicate this (lazy) connection for their own reconnecting, blocking connections.
  const workerConnection: Redis = createRedis(ctx.config.redisUrl, { lazyConnect: true }).on('error', () => {});

  const queues = jobs.map((job) => {
    const queue = new Queue(job.name, { connection: producer, prefix });
    queue.on('error', (err: Error) => warn({ err: err.message, queue: job.name }, 'scheduled job queue error'));
    return queue;
  });
  const opts = { removeOnComplete: true, removeOnFail: true };
  const schedule = () => {
    jobs.forEach((job, i) => {
      queues[i]
        ?.upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name, data: {}, opts })
        .catch((err: unknown) => log.warn({ err, job: job.name }, 'could not schedule the job; retried when Redis is back'));
    });
  };
  const stopScheduling = keepScheduled(producer, schedule, options.rescheduleEveryMs);

  const workers = jobs.map((job, i) => {
    const worker = new Worker(
      job.name,
      async () => {
        if (await job.run()) await queues[i]?.add(job.name, {}, { ...opts, jobId: `${job.name}-continued-${Date.now()}` });
      },
      { connection: workerConnection, prefix, concurrency: 1 },
    );
    worker.on('error', (err: Error) => warn({ err: err.message, queue: job.name }, 'scheduled job worker error'));
    worker.on('failed', (_job, err: Error) => log.error({ err, job: job.name }, 'scheduled job failed'));
    return worker;
  });

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        stopScheduling();
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all(queues.map((queue) => queue.close()));
        producer.disconnect();
        workerConnection.disconnect();
      })();
      return closing;
    },
  };
}
