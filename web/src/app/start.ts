import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/config.js';
import { createDb } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { adminApiRouter } from '../admin-api/router.js';
import { adminUiRouter } from '../admin-ui/router.js';
import { campaignModuleOf } from '../campaigns/module.js';
import { answerClientError } from '../http/client-error.js';
import { createLogger, type Logger } from '../logger.js';
import type { NotificationModuleOptions } from '../notifications/jobs.js';
import { unsubscribeRouter } from '../notifications/unsubscribe-routes.js';
import { proxyRouter } from '../proxy/router.js';
import { createShopifyApi } from '../shopify/api.js';
import { createWebhookModule, type WebhookModuleOptions } from '../webhooks/index.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { startDemoShop } from '../../emulator/demo.js';
import { createApp, createRequestListener } from './app.js';
import type { AppContext } from './context.js';
import { startJobs, type JobOptions, type RunningJobs } from './jobs.js';
import { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './worker-process.js';

export interface StartOptions {
  log?: Logger;
  /** Start the demo shop (customers, backlog and a stream of orders) when the emulator runs. @defaultValue true */
  demo?: boolean;
  /** Options of the webhook pipeline (worker concurrency, sweeper timing). */
  webhooks?: WebhookModuleOptions;
  /** How often pending redemptions are reconciled. @defaultValue 60000 ms */
  reconcileIntervalMs?: number;
  /** Options of the customer notification job (period, retries). */
  notifications?: NotificationModuleOptions;
  /** Options of the tier perk jobs and of the customer sync job (periods, batches, pace). */
  perks?: JobOptions['perks'];
  customerSync?: JobOptions['customerSync'];
  /**
   * Run the job workers (webhook processing, sweeper, tier recheck, reconciler) in a child process
   * (`worker-main.ts`, restarted if it dies) instead of this one, so they never hold up a request. `main.ts` turns
   * it on; tests keep everything in one process. Test-only `webhooks.handlers` overrides need it off.
   * @defaultValue false
   */
  workerProcess?: boolean | Pick<WorkerProcessOptions, 'restartDelayMs' | 'stopTimeoutMs' | 'niceness'>;
}

export interface RunningLoyale {
  /** The app's base URL (the configured SHOPIFY_APP_URL, or the real address when PORT was 0). */
  url: string;
  ctx: AppContext;
  /** The local shop platform emulator, when it runs. */
  emulator: Emulator | null;
  server: Server;
  /** The worker process, when the workers run in one (`workerProcess`). */
  workerProcess: WorkerProcess | null;
  /** Graceful stop: no new requests, running jobs finish, connections close. */
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Starts Loyale: migrations, HTTP server, webhook workers and sweeper, and, without real credentials, the local
 * shop platform emulator with the demo shop. The HTTP server listens first so that its real address is known
 * (PORT=0 in tests) before the emulator is told where the app lives.
 */
export async function startLoyale(baseConfig: AppConfig, options: StartOptions = {}): Promise<RunningLoyale> {
  const log = options.log ?? createLogger(baseConfig.logLevel);
  await applyMigrations(baseConfig.databaseUrl);

  // The server listens first (its real port is needed for the emulator) and answers 503 until the app is ready.
  let handler: RequestListener | null = null;
  const serve = (app: RequestListener) => (handler = app);
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503, { 'retry-after': '1', connection: 'close' }).end();
  });
  // Requests Node refuses before the app sees them (headers or URL too large, malformed) still get a JSON error.
  server.on('clientError', answerClientError);
  // Keep-alive connections idle up to 65 s (Node's default is 5 s): a client that reuses a connection just as the
  // server closes it sees a reset instead of an answer; 65 s outlasts the usual 60 s of proxies and load balancers.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, baseConfig.port);
  const appUrl = baseConfig.port === 0 ? `http://127.0.0.1:${port}` : baseConfig.appUrl;

  let emulator: Emulator | null = null;
  if (baseConfig.useEmulator && !baseConfig.shopPlatformUrl) {
    emulator = await startEmulator({
      port: baseConfig.emulatorPort,
      apiKey: baseConfig.apiKey,
      apiSecret: baseConfig.apiSecret,
      appUrl,
      log: log.child({ component: 'emulator' }),
    });
  }
  const config: AppConfig = {
    ...baseConfig,
    appUrl,
    shopPlatformUrl: emulator?.url ?? baseConfig.shopPlatformUrl,
    // Locally, customer mails go to the emulator's mail sink unless SMTP_URL names a server.
    smtpUrl: baseConfig.smtpUrl ?? emulator?.mailSink.url,
  };
  const db = createDb(config.databaseUrl);
  const ctx: AppContext = { config, log, db, shopify: createShopifyApi(config, log) };
  // The admin API adds campaign jobs from this process, wherever the campaign worker runs.
  const campaigns = campaignModuleOf(ctx);

  const jobOptions: JobOptions = {
    reconcileIntervalMs: options.reconcileIntervalMs,
    notifications: options.notifications,
    perks: options.perks,
    customerSync: options.customerSync,
  };
  let workerProcess: WorkerProcess | null = null;
  let jobs: RunningJobs | null = null;
  const webhooks = createWebhookModule(
    ctx,
    options.workerProcess
      ? { ...options.webhooks, runWorkers: false, remoteConcurrency: (n) => workerProcess?.setConcurrency(n) }
      : options.webhooks,
  );
  if (options.workerProcess) {
    const { handlers: _testHandlers, ...webhookOptions } = options.webhooks ?? {};
    const processOptions = options.workerProcess === true ? {} : options.workerProcess;
    workerProcess = await startWorkerProcess(config, log, { ...processOptions, webhooks: webhookOptions, jobs: jobOptions });
    await webhooks.start(); // the ingest governor of this process, steering the worker process
  } else {
    jobs = await startJobs(ctx, webhooks, jobOptions);
  }
  // Requests are served (the health check answers 200) only once everything runs; see `listen`.
  serve(
    createRequestListener(
      createApp(ctx, {
        adminApi: adminApiRouter(ctx),
        proxy: proxyRouter(ctx),
        notifications: unsubscribeRouter(ctx),
        adminUi: adminUiRouter(ctx, { emulatorUrl: emulator?.url ?? null }),
      }),
      webhooks.handler,
    ),
  );

  const demo = emulator && (options.demo ?? true) ? await startDemoShop(emulator, { appUrl, log }) : null;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      workerProcess?.stopRestarting();
      await demo?.stop();
      // Stop accepting and let in-flight requests finish before the inbox pool closes (an accepted webhook is
      // answered only after its insert); a connection still busy after the grace period is cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([closed, grace]);
      server.closeAllConnections();
      await (jobs ?? webhooks).close();
      await workerProcess?.close();
      await campaigns.close();
      await emulator?.close();
      await db.$disconnect();
    })());

  return { url: appUrl, ctx, emulator, server, workerProcess, close };
}
