import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import { createWebhookModule, type WebhookModule, type WebhookModuleOptions } from './index.js';
import { dropQueueKeys, serve, testContext, type TestServer } from './test-support.js';

export interface WebhookRouteFixture {
  readonly ctx: AppContext;
  /** A plain pg client on the test database, to read the inbox as it is stored. */
  readonly client: pg.Client;
  /** `POST /api/webhooks` of the real Express app around the module's router. */
  readonly server: TestServer;
}

/**
 * A fresh test database, a webhook module with `options` (real Redis, its own queue prefix) and its route served
 * over HTTP, for one test file (registers its own beforeAll/afterAll, so tests seed in a beforeAll after it).
 */
export function useWebhookRoute(options?: WebhookModuleOptions): WebhookRouteFixture {
  let database: TestDatabase | undefined;
  let ctx: AppContext | undefined;
  let client: pg.Client | undefined;
  let module: WebhookModule | undefined;
  let server: TestServer | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = testContext(database.url);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    module = createWebhookModule(ctx, options);
    await module.start();
    server = await serve(ctx, module.handler);
  });
  afterAll(async () => {
    await server?.close();
    await module?.close();
    if (ctx) await dropQueueKeys(ctx.config.queuePrefix);
    await client?.end();
    await ctx?.db.$disconnect();
    await database?.drop();
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the webhook route fixture is used before its beforeAll ran');
    return value;
  };
  return {
    get ctx() {
      return ready(ctx);
    },
    get client() {
      return ready(client);
    },
    get server() {
      return ready(server);
    },
  };
}
