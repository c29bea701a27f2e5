import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/config.js';
import { createDb } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { adminApiRouter } from '../admin-api/router.js';
import { createLogger, type Logger } from '../logger.js';
import { proxyRouter } from '../proxy/router.js';
import { reconcilePendingRedemptions } from '../rewards/reconcile.js';
import { createShopifyApi } from '../shopify/api.js';
import { createWebhookModule, type WebhookModuleOptions } from '../webhooks/index.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { startDemoShop } from '../../emulator/demo.js';
import { createApp } from './app.js';
import type { AppContext } from './context.js';

export interface StartOptions {
  log?: Logger;
  /** Start the demo shop (customers, backlog and a stream of orders) when the emulator runs. @defaultValue true */
  demo?: boolean;
  /** Options of the webhook pipeline (worker concurrency, sweeper timing). */
  webhooks?: WebhookModuleOptions;
  /** How often pending redemptions are reconciled. @defaultValue 60000 ms */
  reconcileIntervalMs?: number;
}

export interface RunningLoyale {
  /** The app's base URL (the configured SHOPIFY_APP_URL, or the real address when PORT was 0). */
  url: string;
  ctx: AppContext;
  /** The local shop platform emulator, when it runs. */
  emulator: Emulator | null;
  server: Server;
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

  const server = createServer();
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
  const config: AppConfig = { ...baseConfig, appUrl, shopPlatformUrl: emulator?.url ?? baseConfig.shopPlatformUrl };
  const db = createDb(config.databaseUrl);
  const ctx: AppContext = { config, log, db, shopify: createShopifyApi(config, log) };

  const webhooks = createWebhookModule(ctx, options.webhooks);
  const app = createApp(ctx, { webhooks: webhooks.router, adminApi: adminApiRouter(ctx), proxy: proxyRouter(ctx) });
  server.on('request', app);
  await webhooks.start();

  const reconcileTimer = setInterval(() => {
    reconcilePendingRedemptions(ctx).catch((err: unknown) => log.error({ err }, 'redemption reconciliation failed'));
  }, options.reconcileIntervalMs ?? 60_000);
  reconcileTimer.unref();

  const demo = emulator && (options.demo ?? true) ? await startDemoShop(emulator, { appUrl, log }) : null;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(reconcileTimer);
      await demo?.stop();
      // Stop accepting and let in-flight requests finish before the inbox pool closes (an accepted webhook is
      // answered only after its insert); a connection still busy after the grace period is cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([closed, grace]);
      server.closeAllConnections();
      await webhooks.close();
      await emulator?.close();
      await db.$disconnect();
    })());

  return { url: appUrl, ctx, emulator, server, close };
}
