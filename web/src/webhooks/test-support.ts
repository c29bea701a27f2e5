/**
 * Helpers of the webhook pipeline's integration tests (real Postgres, real Redis, the real Express app): a test
 * context, signed deliveries, and an HTTP server around a module's router. For tests only.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppContext } from '../app/context.js';
import { createApp, createRequestListener } from '../app/app.js';
import { loadConfig } from '../config/config.js';
import { createDb } from '../db/client.js';
import { createLogger } from '../logger.js';
import { createRedis } from '../queue/connection.js';
import { createShopifyApi } from '../shopify/api.js';
import type { WebhookRequestHandler } from './route.js';

export const TEST_SECRET = 'webhook-test-secret';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A context on the test database and real Redis, with a queue prefix of its own. */
export function testContext(databaseUrl: string, env: Record<string, string> = {}): AppContext {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    LOYALE_QUEUE_PREFIX: `test-${randomUUID()}`,
    SHOPIFY_API_KEY: 'webhook-test-key',
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: 'http://127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const log = createLogger(config.logLevel);
  return { config, log, db: createDb(config.databaseUrl), shopify: createShopifyApi(config, log) };
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** The platform's signature of `body` (its bytes; a string as UTF-8): base64 HMAC-SHA256 with the test secret. */
export function sign(body: string | Uint8Array): string {
  return createHmac('sha256', TEST_SECRET).update(body).digest('base64');
}

/** A delivery signed as the platform signs it; `headers` overrides (a value of '' drops the header). */
export function delivery(topic: string, shop: string, payload: unknown, headers: Record<string, string> = {}): Delivery {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const all: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': sign(body),
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': shop,
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': randomUUID(),
    'x-shopify-event-id': randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
    ...headers,
  };
  return { body, headers: Object.fromEntries(Object.entries(all).filter(([, value]) => value !== '')) };
}

export interface TestServer {
  url: string;
  post(delivery: Delivery): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The app's request listener (webhook handler ahead of the Express app and its error mapper) on a free port. */
export async function serve(ctx: AppContext, webhooks: WebhookRequestHandler): Promise<TestServer> {
  const app = createApp(ctx, { adminApi: express.Router(), proxy: express.Router() });
  const server: Server = createServer(createRequestListener(app, webhooks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks`;
  return {
    url,
    async post(d) {
      const res = await fetch(url, { method: 'POST', headers: d.headers, body: d.body });
      return { status: res.status, body: await res.text() };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes every Redis key of a test's queue prefix. */
export async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = createRedis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
