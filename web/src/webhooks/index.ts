import { Worker, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../app/context.js';
import { throttleOrderEvents } from '../loyalty/orders/service.js';
import { createRedis } from '../queue/connection.js';
import { keepScheduled } from '../queue/keep-scheduled.js';
import { createEnqueuer } from './enqueue.js';
import { defaultTopicHandlers, type TopicHandlers } from './handlers.js';
import { createInboxPool } from './inbox.js';
import { createInboxWriter } from './inbox-writer.js';
import { createIngestGovernor, type IngestGovernor } from './governor.js';
import { createEventProcessor, DEFAULT_LOCK_MS } from './process.js';
import { createWebhookQueue, WEBHOOK_QUEUE } from './queue.js';
import { createWebhookHandler, type WebhookRequestHandler } from './route.js';
import { createSweeper } from './sweep.js';
import { throttledWarning } from './throttled-warning.js';
import {
  createMaintenanceQueue,
  createTierRecheckProcessor,
  MAINTENANCE_QUEUE,
  scheduleTierRecheck,
  TIER_RECHECK_EVERY_MS,
} from './tier-recheck.js';

export type { TopicHandler, TopicHandlers, WebhookEventRef } from './handlers.js';
export { defaultTopicHandlers } from './handlers.js';

export interface WebhookModuleOptions {
  /**
   * Jobs processed in parallel per worker; a job carries a batch of events (up to `MAX_EVENTS_PER_JOB`). The points
   * engine caps the transactions in flight itself; the ingest governor scales this down during bursts and lets the
   * hand-over resume only at full concurrency, so a high value also keeps processing off a burst longer.
   * @defaultValue 16
   */
  concurrency?: number;
  /** How often the sweeper looks for stranded events. @defaultValue 5000 ms */
  sweepIntervalMs?: number;
  /** An unprocessed event older than this is re-enqueued. @defaultValue 30000 ms */
  sweepAfterMs?: number;
  /** Start the worker and sweeper in this process. @defaultValue true */
  runWorkers?: boolean;
  /**
   * Whether the ingest governor of this process sets the worker's concurrency. False in a worker process
   * (`worker-main.ts`): there is no traffic to observe; its web process decides and calls `setConcurrency`.
   * @defaultValue true
   */
  governed?: boolean;
  /**
   * With `runWorkers: false`: tells the workers of another process the concurrency this process's ingest governor
   * wants (see app/worker-process.ts). Without it, and without workers here, nothing is governed.
   */
  remoteConcurrency?: (concurrency: number) => void;
  /**
   * Nice value for the Postgres backends of the workers' inbox connections, when the server runs on this machine
   * (the worker process passes its own, see worker-main.ts). @defaultValue unset
   */
  backendNiceness?: number;
  /** Override for tests; default = the real registry. */
  handlers?: TopicHandlers;
  /**
   * The largest webhook body taken, in bytes (as sent, and decompressed); larger ones get 413.
   * @defaultValue WEBHOOK_BODY_LIMIT_BYTES (16 MiB)
   */
  bodyLimitBytes?: number;
  /**
   * Body bytes all webhook requests being read may reserve at once; beyond it they get 503 (see route.ts).
   * @defaultValue WEBHOOK_BODY_BUDGET_BYTES (256 MiB)
   */
  bodyBudgetBytes?: number;
  /** Tries per hand-over to the queue (exponential backoff), before the sweeper takes over. @defaultValue 10 */
  attempts?: number;
  /** First retry delay, doubled on each further try. @defaultValue 1000 ms */
  backoffDelayMs?: number;
  /**
   * How long a worker holds a job before others may take it as stalled (a dead process); also how long its claim
   * on the job's events in the inbox lasts. BullMQ renews the lock every half of this while the job runs, so only a
   * worker whose event loop stalls that long loses a live job (the workers have a process of their own, whose
   * longest synchronous step is one batch's rule evaluation, milliseconds); a job that outlives its claim may see
   * its events run again by a sweep, which the idempotent handlers absorb. Shorter means a crashed worker's jobs
   * run again sooner. @defaultValue 15000 ms
   */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs (one Redis script per worker). @defaultValue 5000 ms */
  stalledIntervalMs?: number;
  /** Period of the tier recheck job. @defaultValue 900000 ms (15 minutes) */
  tierRecheckEveryMs?: number;
  /**
   * Mean time to answer a webhook above which the worker in this process backs off (down to one job at a time)
   * until the burst is over: accepting goes first, the inbox holds the rest. @defaultValue 8 ms
   */
  ingestTargetLatencyMs?: number;
}

export interface WebhookModule {
  /** Serves `POST /api/webhooks` ahead of the Express app (`createRequestListener`), reading the raw body itself. */
  handler: WebhookRequestHandler;
  /** Starts the worker, the sweeper and the periodic tier recheck (when `runWorkers`). */
  start(): Promise<void>;
  /** Graceful: stop taking jobs, let running jobs finish, flush pending enqueues, close connections. */
  close(): Promise<void>;
  /** Re-enqueues stranded events now; returns how many. */
  sweepOnce(): Promise<number>;
  /** Sets the webhook worker's concurrency (from the governor of the web process, when workers run elsewhere). */
  setConcurrency(concurrency: number): void;
}

/**
 * The webhook pipeline: `POST /api/webhooks` → verify → Postgres inbox → 200 → BullMQ → worker → topic handler →
 * inbox row processed; a sweeper re-enqueues what Redis never got or lost. Connections: two inbox `pg` pools (the
 * route's, durable; the workers', with relaxed commits), a
 * producer Redis connection that fails fast while Redis is down (`enableOfflineQueue: false`: the request path
 * never waits for Redis), and the workers' own reconnecting connections.
 */
export function createWebhookModule(ctx: AppContext, options: WebhookModuleOptions = {}): WebhookModule {
  const log = ctx.log.child({ component: 'webhooks' });
  const handlers = options.handlers ?? defaultTopicHandlers;
  const prefix = ctx.config.queuePrefix;
  const redisWarning = throttledWarning(log, 30_000);

  // The route's inserts are durable before their 200; the workers' bookkeeping need not be (see `relaxedCommit`),
  // and runs at the worker's CPU priority. Pools connect lazily: a process without workers never opens `workPool`.
  const pool = createInboxPool(ctx.config.databaseUrl);
  const workPool = createInboxPool(ctx.config.databaseUrl, { relaxedCommit: true, backendNiceness: options.backendNiceness });
  const producer = createRedis(ctx.config.redisUrl, { enableOfflineQueue: false, commandTimeout: 5_000 });
  producer.on('error', (err: Error) => redisWarning({ err: err.message }, 'Redis connection error (producer)'));
  const queue = createWebhookQueue(producer, prefix, { attempts: options.attempts, backoffDelayMs: options.backoffDelayMs });
  queue.on('error', (err: Error) => redisWarning({ err: err.message }, 'webhook queue error'));
  const enqueuer = createEnqueuer(queue, producer, log);
  const sweeper = createSweeper(workPool, queue, producer, log, { sweepAfterMs: options.sweepAfterMs ?? 30_000 });
  let governor: IngestGovernor | null = null;
  const inbox = createInboxWriter(pool);
  const handler = createWebhookHandler({
    apiSecret: ctx.config.apiSecret,
    bodyLimitBytes: options.bodyLimitBytes,
    bodyBudgetBytes: options.bodyBudgetBytes,
    log,
    inbox,
    enqueuer,
    handles: (topic) => Object.hasOwn(handlers, topic),
    observe: options.runWorkers === false && !options.remoteConcurrency ? undefined : (ms) => governor?.observe(ms),
  });
  const maxConcurrency = options.concurrency ?? 16;
  let webhookWorker: Worker | null = null;

  /**
   * Fewer jobs at once, and each job's crediting in smaller transactions, fewer in parallel: with only the job
   * concurrency lowered, one job of 200 events still ran as one 200-event transaction (see `throttleOrderEvents`).
   */
  const applyConcurrency = (worker: Worker, concurrency: number) => {
    const next = Math.max(1, Math.min(maxConcurrency, Math.floor(concurrency)));
    worker.concurrency = next;
    throttleOrderEvents(ctx.db, next / maxConcurrency);
  };

  /** Accepting goes first: the worker (here or in another process) backs off while the route is slow. */
  const startGovernor = (applyConcurrency: (concurrency: number) => void) =>
    createIngestGovernor({
      maxConcurrency,
      targetLatencyMs: options.ingestTargetLatencyMs,
      apply: (next) => {
        applyConcurrency(next);
        // Under pressure the hand-over to Redis waits as well: it costs the CPU accepting needs, and the worker
        // backs off anyway. The inbox holds the events; the sweeper covers a burst longer than the buffer.
        enqueuer.hold(next < maxConcurrency);
        log.debug({ concurrency: next }, 'webhook worker concurrency adjusted');
      },
    });

  let workerConnection: Redis | null = null;
  const workers: { close(): Promise<void> }[] = [];
  const maintenance = createMaintenanceQueue(producer, prefix);
  maintenance.on('error', (err: Error) => redisWarning({ err: err.message }, 'maintenance queue error'));
  let started = false;
  let closing: Promise<void> | null = null;

  const schedule = () => {
    scheduleTierRecheck(maintenance, options.tierRecheckEveryMs ?? TIER_RECHECK_EVERY_MS).catch((err: unknown) =>
      log.warn({ err }, 'could not schedule the tier recheck; retried when Redis is back'),
    );
  };
  let stopScheduling: (() => void) | null = null;

  function startWorker<Data>(name: string, processor: Processor<Data>, concurrency: number): Worker<Data> {
    // Workers duplicate this (lazy) connection for their own reconnecting, blocking connections.
    workerConnection ??= createRedis(ctx.config.redisUrl, { lazyConnect: true }).on('error', () => {});
    const worker = new Worker<Data>(name, processor, {
      connection: workerConnection,
      prefix,
      concurrency,
      lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_MS,
      stalledInterval: options.stalledIntervalMs ?? 5_000,
      // A job of a process that died is taken over once; after that the sweeper hands it over afresh.
      maxStalledCount: 1,
    });
    worker.on('error', (err: Error) => redisWarning({ err: err.message, queue: name }, 'worker error'));
    workers.push(worker);
    return worker;
  }

  return {
    handler,
    async start() {
      if (started) return;
      if (options.runWorkers === false) {
        const remote = options.remoteConcurrency;
        if (remote) governor ??= startGovernor(remote);
        return;
      }
      started = true;
      const processor = createEventProcessor(ctx, workPool, handlers, { claimLeaseMs: options.lockDurationMs ?? DEFAULT_LOCK_MS });
      const worker = startWorker(WEBHOOK_QUEUE, processor, maxConcurrency);
      webhookWorker = worker;
      if (options.governed !== false) governor = startGovernor((next) => applyConcurrency(worker, next));
      startWorker(MAINTENANCE_QUEUE, createTierRecheckProcessor(ctx), 1);
      sweeper.start(options.sweepIntervalMs ?? 5_000);
      // Redis keeps nothing: the tier recheck's scheduler is upserted again after a restart or a flush.
      stopScheduling = keepScheduled(producer, schedule);
    },
    close() {
      closing ??= (async () => {
        governor?.stop();
        stopScheduling?.();
        await sweeper.stop();
        // Running jobs finish; no new ones are taken.
        await Promise.all(workers.map((worker) => worker.close()));
        await inbox.drain();
        await enqueuer.flush();
        await Promise.all([queue.close(), maintenance.close()]);
        producer.disconnect();
        workerConnection?.disconnect();
        await Promise.all([pool.end(), workPool.end()]);
      })();
      return closing;
    },
    sweepOnce: () => sweeper.sweepOnce(),
    setConcurrency(concurrency) {
      if (webhookWorker) applyConcurrency(webhookWorker, concurrency);
    },
  };
}
