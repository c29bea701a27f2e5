/**
 * Test support for the auth, admin API, proxy and redemption integration tests: the app's routers on a real
 * HTTP server, a cloned test database, and the shop platform emulator behind SHOP_PLATFORM_URL.
 * Only for tests (imports vitest's database helper); one harness per test file, since the library's fetch is
 * process-wide.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import express from 'express';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { adminApiRouter } from '../admin-api/router.js';
import type { AppContext } from '../app/context.js';
import { DEV_API_KEY, DEV_API_SECRET, loadConfig, type AppConfig } from '../config/config.js';
import { createDb } from '../db/client.js';
import { errorHandler, notFound } from '../http/errors.js';
import { createLogger } from '../logger.js';
import { appendLedgerEntry } from '../loyalty/ledger/repository.js';
import { ensureMember } from '../loyalty/members/repository.js';
import { proxyRouter } from '../proxy/router.js';
import { ensureShop } from '../shops/repository.js';
import { createAdminClient, type AdminClient, type AdminClientOptions } from './admin-client.js';
import { createShopifyApi, platformFetch } from './api.js';

export interface Harness {
  url: string;
  ctx: AppContext;
  emulator: Emulator;
  admin: AdminClient;
  /** Every request the library's fetch sent (method and path), in order: token exchanges, GraphQL calls. */
  platformRequests: { method: string; path: string }[];
  /** `GET|POST {app}/api{path}` with a session token. */
  api(path: string, token: string | null, init?: RequestInit): Promise<Response>;
  /** `{method} {app}/proxy{path}?{query}`, as the platform forwards it. */
  proxy(path: string, query: URLSearchParams, method?: 'GET' | 'POST'): Promise<Response>;
  /** Gives a customer points (a manual adjustment), creating shop and member as needed; returns the member id. */
  seedPoints(shop: string, customerId: string, points: number): Promise<number>;
  /**
   * A second app on the same database and emulator with config overrides (unknown credentials, an unreachable
   * platform, ...). The library's fetch is process-wide: it follows the variant until the variant is closed.
   */
  variant(overrides: Partial<AppConfig>): Promise<{ api: Harness['api']; proxy: Harness['proxy']; close(): Promise<void> }>;
  close(): Promise<void>;
}

function apiFetcher(url: string): Harness['api'] {
  return (path, token, init = {}) =>
    fetch(`${url}/api${path}`, {
      ...init,
      headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...(init.headers ?? {}) },
    });
}

function proxyFetcher(url: string): Harness['proxy'] {
  return (path, query, method = 'GET') => fetch(`${url}/proxy${path}?${query.toString()}`, { method });
}

function appFor(ctx: AppContext, admin: AdminClient): express.Express {
  const app = express();
  app.use('/api', adminApiRouter(ctx, admin));
  app.use('/proxy', proxyRouter(ctx, admin));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startHarness(options: { admin?: AdminClientOptions } = {}): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  const server = createServer();
  const url = await listen(server);
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const emulator = await startEmulator({ port: 0, apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET, appUrl: url });
  const config: AppConfig = {
    ...loadConfig({}),
    port: 0,
    appUrl: url,
    databaseUrl: database.url,
    shopPlatformUrl: emulator.url,
  };
  const db = createDb(database.url);
  const ctx: AppContext = { config, log, db, shopify: createShopifyApi(config, log) };

  const platformRequests: Harness['platformRequests'] = [];
  const recordTo = (platformUrl: string | undefined) => {
    const routed = platformFetch(platformUrl);
    setAbstractFetchFunc(async (input, init) => {
      const target = new URL(input instanceof Request ? input.url : String(input));
      platformRequests.push({ method: init?.method ?? 'GET', path: target.pathname });
      return routed(input, init);
    });
  };
  recordTo(config.shopPlatformUrl);

  const admin = createAdminClient(ctx, options.admin);
  server.on('request', appFor(ctx, admin));

  let serial = 0;
  return {
    url,
    ctx,
    emulator,
    admin,
    platformRequests,
    api: apiFetcher(url),
    proxy: proxyFetcher(url),
    async seedPoints(shop, customerId, points) {
      const { id: shopId } = await ensureShop(db, shop);
      const memberId = await ensureMember(db, shopId, customerId);
      serial += 1;
      await db.$transaction((tx) =>
        appendLedgerEntry(tx, {
          shopId,
          memberId,
          delta: points,
          reason: 'manual_adjustment',
          idempotencyKey: `test-seed:${customerId}:${serial}:${Date.now()}`,
        }),
      );
      return memberId;
    },
    async variant(overrides) {
      const variantConfig: AppConfig = { ...config, ...overrides };
      const variantCtx: AppContext = { ...ctx, config: variantConfig, shopify: createShopifyApi(variantConfig, log) };
      recordTo(variantConfig.shopPlatformUrl);
      const variantServer = createServer(appFor(variantCtx, createAdminClient(variantCtx, options.admin)));
      const variantUrl = await listen(variantServer);
      return {
        api: apiFetcher(variantUrl),
        proxy: proxyFetcher(variantUrl),
        async close() {
          variantServer.closeAllConnections();
          await new Promise<void>((resolve) => variantServer.close(() => resolve()));
          recordTo(config.shopPlatformUrl);
        },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}
