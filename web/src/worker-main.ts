/**
 * The worker process: Loyale's job workers (webhook processing, inbox sweeper, tier recheck, redemption reconciler)
 * on their own JavaScript thread, so that crediting points never delays the answer to a webhook. Forked by the web
 * process (app/worker-process.ts), which sends the resolved configuration, restarts this process if it dies, and
 * stops it on shutdown. Not meant to be started by hand.
 */
import os from 'node:os';
import { startJobs, type RunningJobs } from './app/jobs.js';
import type { AppContext } from './app/context.js';
import type { FromWorker, ToWorker } from './app/worker-protocol.js';
import { createDb } from './db/client.js';
import { createLogger } from './logger.js';
import { createShopifyApi } from './shopify/api.js';
import { createWebhookModule, type WebhookModule } from './webhooks/index.js';

if (!process.send) {
  console.error('worker-main.ts is started by the web process (web/src/main.ts), not by hand');
  process.exit(2);
}

const send = (message: FromWorker) => process.send?.(message);
let running: { ctx: AppContext; webhooks: WebhookModule; jobs: RunningJobs } | null = null;
let stopping = false;

async function start(message: Extract<ToWorker, { kind: 'start' }>): Promise<void> {
  const { config } = message;
  const log = createLogger(config.logLevel).child({ process: 'worker' });
  // The web process lowered this process's priority (WorkerProcessOptions.niceness); its database work follows.
  const backendNiceness = os.getPriority() > 0 ? os.getPriority() : undefined;
  const db = createDb(config.databaseUrl, { backendNiceness });
  const ctx: AppContext = { config, log, db, shopify: createShopifyApi(config, log) };
  const webhooks = createWebhookModule(ctx, { ...message.webhooks, runWorkers: true, governed: false, backendNiceness });
  running = { ctx, webhooks, jobs: await startJobs(ctx, webhooks, message.jobs) };
  send({ kind: 'ready' });
}

/** Graceful: running jobs finish (or go back to the queue), connections close; then the process exits. */
function stop(): void {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  void (async () => {
    try {
      if (running) {
        await running.jobs.close();
        await running.ctx.db.$disconnect();
      }
      process.exit(0);
    } catch (err) {
      running?.ctx.log.error({ err }, 'worker shutdown failed');
      process.exit(1);
    }
  })();
}

process.on('message', (message: ToWorker) => {
  if (message.kind === 'start' && !running && !stopping) {
    start(message).catch((err: unknown) => {
      send({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    });
  } else if (message.kind === 'concurrency') {
    running?.webhooks.setConcurrency(message.concurrency);
  } else if (message.kind === 'stop') {
    stop();
  }
});
// The web process died (or closed the channel): finish what runs and go, rather than work on unsupervised.
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl-C reaches the whole process group; the web process orders the shutdown (it stops this process last).
process.on('SIGINT', () => {});
