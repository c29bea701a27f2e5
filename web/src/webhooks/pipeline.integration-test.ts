import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { freePort } from '../../test/process.js';
import type { AppContext } from '../app/context.js';
import { InvalidPayloadError } from '../loyalty/orders/errors.js';
import { orderPayload, refundPayload } from '../loyalty/orders/test-payloads.js';
import { createRedis } from '../queue/connection.js';
import { ensureShop } from '../shops/repository.js';
import type { TopicHandler } from './handlers.js';
import { createInboxPool, insertEvent } from './inbox.js';
import { createWebhookModule, type WebhookModule, type WebhookModuleOptions } from './index.js';
import { createEventProcessor } from './process.js';
import { createWebhookQueue, WEBHOOK_QUEUE, webhookJob } from './queue.js';
import { delivery, dropQueueKeys, eventually, serve, testContext, TEST_REDIS_URL, type TestServer } from './test-support.js';

const SHOP = 'pipeline-test.myshopify.com';

interface Call {
  shop: string;
  payload: unknown;
  event: { id: bigint; topic: string; eventKey: string };
}

/** A handler that records its calls; `behaviour` decides what each call does (by its 1-based number). */
function recorder(behaviour: (call: number) => Promise<void> = async () => {}) {
  const calls: Call[] = [];
  const handler: TopicHandler = async (_ctx, shop, payload, event) => {
    calls.push({ shop, payload, event });
    await behaviour(calls.length);
  };
  return { calls, handlers: { 'orders/paid': handler } };
}

// Everything a test starts is stopped after it, whatever the outcome.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Env {
  database: TestDatabase;
  client: pg.Client;
}

async function environment(): Promise<Env> {
  const database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  cleanups.push(() => database.drop(), () => client.end());
  return { database, client };
}

function context(env: Env, redisUrl?: string): AppContext {
  const ctx = testContext(env.database.url, redisUrl ? { REDIS_URL: redisUrl } : {});
  cleanups.push(() => dropQueueKeys(ctx.config.queuePrefix), () => ctx.db.$disconnect());
  return ctx;
}

async function pipeline(ctx: AppContext, options: WebhookModuleOptions): Promise<{ module: WebhookModule; server: TestServer }> {
  const module = createWebhookModule(ctx, options);
  await module.start();
  const server = await serve(ctx, module.handler);
  // Registered after the context's cleanups, so it runs before them.
  cleanups.push(() => module.close(), () => server.close());
  return { module, server };
}

async function inboxRow(env: Env, eventKey: string) {
  const { rows } = await env.client.query<{
    id: string;
    status: string;
    payload: unknown;
    attempts: number;
    last_error: string | null;
    enqueued_at: Date | null;
  }>('SELECT id, status, payload, attempts, last_error, enqueued_at FROM webhook_events WHERE event_key = $1', [eventKey]);
  return rows[0];
}

const processed = (env: Env, eventKey: string) => async () => (await inboxRow(env, eventKey))?.status === 'processed';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the webhook pipeline', () => {
  it('runs an accepted event through its handler exactly once and drops the payload', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder();
    const { server } = await pipeline(ctx, { handlers, sweepIntervalMs: 100, sweepAfterMs: 300 });
    const payload = { id: 1001, customer: { id: 7, email: 'someone@example.com' } };
    const d = delivery('orders/paid', SHOP, payload);
    const eventKey = d.headers['x-shopify-event-id'] ?? '';

    expect((await server.post(d)).status).toBe(200);
    await eventually(processed(env, eventKey));

    const row = await inboxRow(env, eventKey);
    expect(row?.payload).toBeNull();
    expect(calls).toEqual([{ shop: SHOP, payload, event: { id: BigInt(row?.id ?? 0), topic: 'orders/paid', eventKey } }]);

    // A re-delivery, and a few sweeps later: nothing runs again.
    expect((await server.post(d)).status).toBe(200);
    await sleep(800);
    expect(calls).toHaveLength(1);
  });

  it('retries a handler that fails transiently, then marks the event processed', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder(async (call) => {
      if (call <= 2) throw new Error('connection refused');
    });
    const { server } = await pipeline(ctx, { handlers, backoffDelayMs: 50 });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';

    expect((await server.post(d)).status).toBe(200);
    await eventually(processed(env, eventKey));
    expect(calls).toHaveLength(3);
    expect(await inboxRow(env, eventKey)).toMatchObject({ attempts: 3, last_error: null, payload: null });
  });

  it.each([
    ['InvalidPayloadError', new InvalidPayloadError('invalid orders/paid payload: customer.id: is not a numeric id')],
    ['a zod error', z.object({ id: z.string() }).safeParse({ id: 1 }).error],
  ])('marks the event failed at once on %s, without a retry loop', async (_label, error) => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder(async () => {
      throw error;
    });
    const { server, module } = await pipeline(ctx, { handlers, backoffDelayMs: 20, sweepIntervalMs: 100, sweepAfterMs: 200 });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';

    expect((await server.post(d)).status).toBe(200);
    await eventually(async () => (await inboxRow(env, eventKey))?.status === 'failed');
    await sleep(600);
    expect(calls).toHaveLength(1);
    const row = await inboxRow(env, eventKey);
    expect(row?.last_error).toMatch(/InvalidPayloadError|ZodError/);
    // Kept for a replay after a fix.
    expect(row?.payload).toEqual({ id: 1 });
    expect(await module.sweepOnce()).toBe(0);
  });

  it('accepts while Redis is down and processes the event once Redis is reachable again', async () => {
    const env = await environment();
    const { calls, handlers } = recorder();
    // The accepting process cannot reach Redis at all.
    const down = await pipeline(context(env, 'redis://127.0.0.1:1'), { handlers, runWorkers: false });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';

    const started = Date.now();
    expect((await down.server.post(d)).status).toBe(200);
    // Not held until Redis answers: far below the producer's 5 s command timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await inboxRow(env, eventKey)).toMatchObject({ status: 'received', enqueued_at: null });
    await down.module.close();

    // A process on the real Redis: its sweeper finds the stranded event.
    await pipeline(context(env), { handlers, sweepIntervalMs: 100, sweepAfterMs: 300 });
    await eventually(processed(env, eventKey));
    expect(calls).toHaveLength(1);
  });

  it('re-enqueues an event whose job Redis lost', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder();
    const accepting = await pipeline(ctx, { handlers, runWorkers: false });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';
    expect((await accepting.server.post(d)).status).toBe(200);
    // close() hands over what is pending: the job is in Redis now.
    await accepting.module.close();

    const connection = createRedis(TEST_REDIS_URL);
    const queue = new Queue(WEBHOOK_QUEUE, { connection, prefix: ctx.config.queuePrefix });
    cleanups.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    // What a Redis restart without persistence does.
    await queue.obliterate({ force: true });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });

    await pipeline(ctx, { handlers, sweepIntervalMs: 100, sweepAfterMs: 300 });
    await eventually(processed(env, eventKey));
    expect(calls).toHaveLength(1);
  });

  it('takes over the job of a worker that died in the middle of it, and runs it once', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder();
    const accepting = await pipeline(ctx, { handlers, runWorkers: false });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';
    expect((await accepting.server.post(d)).status).toBe(200);
    await accepting.module.close();

    // A worker that takes the job, claims its event in the inbox (the real processor: lease, attempt counted) and
    // never finishes its handler, then stops without releasing anything (a killed process).
    let taken!: () => void;
    const jobTaken = new Promise<void>((resolve) => (taken = resolve));
    const connection = createRedis(TEST_REDIS_URL, { lazyConnect: true });
    const dyingPool = createInboxPool(env.database.url);
    const stuck: TopicHandler = async () => {
      taken();
      await new Promise(() => {});
    };
    const dying = new Worker(
      WEBHOOK_QUEUE,
      createEventProcessor(ctx, dyingPool, { 'orders/paid': stuck }, { claimLeaseMs: 500 }),
      // Same stalled-check period as the live worker below (BullMQ runs one check per period across workers).
      { connection, prefix: ctx.config.queuePrefix, lockDuration: 500, stalledInterval: 200 },
    );
    await jobTaken;
    expect(await inboxRow(env, eventKey)).toMatchObject({ status: 'received', attempts: 1 });
    await dying.close(true);
    connection.disconnect();
    await dyingPool.end();

    // The sweeper stays out of it: the stalled-job check of a live worker takes the job over.
    await pipeline(ctx, { handlers, stalledIntervalMs: 200, lockDurationMs: 5_000, sweepAfterMs: 120_000 });
    await eventually(processed(env, eventKey), 15_000);
    expect(calls).toHaveLength(1);
    expect(await inboxRow(env, eventKey)).toMatchObject({ status: 'processed', attempts: 2 });
  });

  it('closes an event whose payload was erased before it ran, without running the handler', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder();
    const accepting = await pipeline(ctx, { handlers, runWorkers: false });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    const eventKey = d.headers['x-shopify-event-id'] ?? '';
    expect((await accepting.server.post(d)).status).toBe(200);
    await accepting.module.close();
    await env.client.query('UPDATE webhook_events SET payload = NULL WHERE event_key = $1', [eventKey]);

    await pipeline(ctx, { handlers });
    await eventually(processed(env, eventKey));
    expect(calls).toHaveLength(0);
  });

  it('lets a running job finish on close', async () => {
    const env = await environment();
    const ctx = context(env);
    let finished = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { handlers } = recorder(async () => {
      started();
      await sleep(500);
      finished = true;
    });
    const { server, module } = await pipeline(ctx, { handlers });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    expect((await server.post(d)).status).toBe(200);
    await running;
    await module.close();
    expect(finished).toBe(true);
    expect(await inboxRow(env, d.headers['x-shopify-event-id'] ?? '')).toMatchObject({ status: 'processed' });
  });

  it('rechecks due tiers periodically', async () => {
    const env = await environment();
    const ctx = context(env);
    const shop = await ensureShop(ctx.db, SHOP);
    // Qualifying points without any order in the window: the recheck takes them away.
    await env.client.query(
      `INSERT INTO members (shop_id, customer_id, qualifying_points, tier_recheck_at, updated_at)
       VALUES ($1, '77', 600, now() - interval '1 day', now())`,
      [shop.id],
    );
    await pipeline(ctx, { handlers: {}, tierRecheckEveryMs: 200 });
    await eventually(async () => {
      const { rows } = await env.client.query<{ qualifying_points: number }>(
        "SELECT qualifying_points FROM members WHERE customer_id = '77'",
      );
      return rows[0]?.qualifying_points === 0;
    });
  });
});

/** Stores events in the inbox without handing them over; their ids, in order. */
async function store(env: Env, events: { topic: string; payload: unknown }[]): Promise<string[]> {
  const pool = createInboxPool(env.database.url);
  try {
    const ids: string[] = [];
    for (const { topic, payload } of events) {
      const id = await insertEvent(pool, {
        shopDomain: SHOP,
        eventKey: randomUUID(),
        webhookId: randomUUID(),
        topic,
        apiVersion: '2026-10',
        triggeredAt: null,
        payload: JSON.stringify(payload),
      });
      if (id === null) throw new Error('not stored');
      ids.push(id);
    }
    return ids;
  } finally {
    await pool.end();
  }
}

/** Adds one job per batch of event ids, as the enqueuer and the sweeper do. */
async function addJobs(ctx: AppContext, batches: string[][]): Promise<void> {
  const connection = createRedis(TEST_REDIS_URL);
  const queue = createWebhookQueue(connection, ctx.config.queuePrefix);
  try {
    await queue.addBulk(batches.map((ids) => webhookJob(ids)));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function statuses(env: Env, ids: string[]): Promise<string[]> {
  const { rows } = await env.client.query<{ status: string }>(
    'SELECT status FROM webhook_events WHERE id = ANY($1::bigint[]) ORDER BY id',
    [ids],
  );
  return rows.map((row) => row.status);
}

const allProcessed = (env: Env, ids: string[]) => async () =>
  (await statuses(env, ids)).every((status) => status === 'processed');

/** Calls per event id. */
const callsPerEvent = (calls: Call[]) => {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(String(call.event.id), (counts.get(String(call.event.id)) ?? 0) + 1);
  return counts;
};

describe('a job carrying a batch of events', () => {
  it('fails at once, with the database\'s reason, an order whose points would take a balance beyond int4', async () => {
    const env = await environment();
    const ctx = context(env);
    const processedAt = new Date();
    await pipeline(ctx, { backoffDelayMs: 50 });
    const first = await store(env, [{ topic: 'orders/paid', payload: orderPayload({ id: 21, customerId: 31, subtotal: '10.00', processedAt }) }]);
    await addJobs(ctx, [first]);
    await eventually(allProcessed(env, first));
    await env.client.query(`UPDATE members SET points = 2147483600 WHERE customer_id = '31'`);

    const ids = await store(env, [
      { topic: 'orders/paid', payload: orderPayload({ id: 22, customerId: 31, subtotal: '100.00', processedAt }) },
      { topic: 'orders/paid', payload: orderPayload({ id: 23, customerId: 32, subtotal: '30.00', processedAt }) },
    ]);
    await addJobs(ctx, [ids]);
    await eventually(async () => (await statuses(env, ids)).join() === 'failed,processed');
    const { rows } = await env.client.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM webhook_events WHERE id = $1', [ids[0]]);
    expect(rows[0]).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/out of range/) });
  });

  it('credits the good orders of a batch and fails only its poison event', async () => {
    const env = await environment();
    const ctx = context(env);
    const processedAt = new Date();
    const ids = await store(env, [
      { topic: 'orders/paid', payload: orderPayload({ id: 1, customerId: 11, subtotal: '100.00', processedAt }) },
      {
        topic: 'orders/paid',
        payload: { ...orderPayload({ id: 2, customerId: 12, subtotal: '50.00', processedAt }), customer: { id: 'not-a-number' } },
      },
      { topic: 'orders/paid', payload: orderPayload({ id: 3, customerId: 13, subtotal: '30.00', processedAt }) },
    ]);
    await pipeline(ctx, { backoffDelayMs: 50 });
    await addJobs(ctx, [ids]);

    await eventually(async () => (await statuses(env, ids)).join() === 'processed,failed,processed');
    const { rows } = await env.client.query<{ customer_id: string }>(
      `SELECT m.customer_id FROM ledger_entries l JOIN members m ON m.id = l.member_id
       WHERE l.reason = 'order_earned' ORDER BY m.customer_id`,
    );
    expect(rows.map((r) => r.customer_id)).toEqual(['11', '13']);
    const poison = await env.client.query<{ attempts: number; last_error: string; payload: unknown }>(
      'SELECT attempts, last_error, payload FROM webhook_events WHERE id = $1',
      [ids[1]],
    );
    expect(poison.rows[0]).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/InvalidPayloadError/) });
    expect(poison.rows[0]?.payload).not.toBeNull();
    // Not retried: the job itself succeeded.
    await sleep(300);
    const attempts = await env.client.query<{ attempts: number }>('SELECT attempts FROM webhook_events ORDER BY id');
    expect(attempts.rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
  });

  it('runs each event once when batches overlap, repeat an event or come again after it was processed', async () => {
    const env = await environment();
    const ctx = context(env);
    // Slow enough that the overlapping jobs run at the same time.
    const { calls, handlers } = recorder(async () => {
      await sleep(200);
    });
    const ids = await store(env, [1, 2, 3].map((id) => ({ topic: 'orders/paid', payload: { id } })));
    const [a = '', b = '', c = ''] = ids;
    await pipeline(ctx, { handlers, concurrency: 4 });
    await addJobs(ctx, [[a, b], [a, b, c], [c, c], [b]]);
    await eventually(allProcessed(env, ids));
    await addJobs(ctx, [[a, b, c]]);
    await sleep(500);
    expect(Object.fromEntries(callsPerEvent(calls))).toEqual({ [a]: 1, [b]: 1, [c]: 1 });
  });

  it('retries only the event of a batch that failed transiently', async () => {
    const env = await environment();
    const ctx = context(env);
    const ids = await store(env, [1, 2, 3].map((id) => ({ topic: 'orders/paid', payload: { id } })));
    let failures = 0;
    const { calls, handlers } = recorder(async () => {
      const last = calls.at(-1);
      if (String(last?.event.id) === ids[1] && failures++ === 0) throw new Error('connection reset');
    });
    await pipeline(ctx, { handlers, backoffDelayMs: 50 });
    await addJobs(ctx, [ids]);
    await eventually(allProcessed(env, ids));
    expect(Object.fromEntries(callsPerEvent(calls))).toEqual({ [ids[0] ?? '']: 1, [ids[1] ?? '']: 2, [ids[2] ?? '']: 1 });
    const { rows } = await env.client.query<{ attempts: number; last_error: string | null }>(
      'SELECT attempts, last_error FROM webhook_events ORDER BY id',
    );
    expect(rows).toEqual([
      { attempts: 1, last_error: null },
      { attempts: 2, last_error: null },
      { attempts: 1, last_error: null },
    ]);
  });

  it.each([
    ['received a minute ago, after 60 attempts: run again (a backlog or an outage hands it over often)', 60, '1 minute', 'received', 1],
    ['received a day ago, after 10 attempts: run again', 10, '25 hours', 'received', 1],
    ['received a day ago, after 60 attempts: given up, not run', 60, '25 hours', 'failed', 0],
  ])('an event that keeps failing, %s', async (_, attempts, age, status, runs) => {
    const env = await environment();
    const ctx = context(env);
    const ids = await store(env, [{ topic: 'orders/paid', payload: { id: 1 } }]);
    await env.client.query(
      `UPDATE webhook_events SET attempts = $1, received_at = (now() AT TIME ZONE 'UTC') - $2::interval`,
      [attempts, age],
    );
    const { calls, handlers } = recorder(async () => {
      throw new Error('connection refused');
    });
    await pipeline(ctx, { handlers, backoffDelayMs: 60_000 });
    await addJobs(ctx, [ids]);
    await eventually(async () => (await env.client.query('SELECT 1 FROM webhook_events WHERE attempts > $1', [attempts])).rowCount === 1);
    const row = async () => (await env.client.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM webhook_events')).rows[0];
    await eventually(async () => calls.length === runs && (await row())?.last_error != null);
    expect(await row()).toEqual({
      status,
      last_error: expect.stringMatching(status === 'failed' ? /^Gave up after 60 attempts over 24 hours$/ : /connection refused/),
    });
  });

  it('leaves an event whose attempt just failed to its BullMQ retry: the sweeper does not add another job beside it', async () => {
    const env = await environment();
    const ctx = context(env);
    const { calls, handlers } = recorder(async () => {
      await sleep(500); // fails after the sweeper would take the event for stranded (sweepAfterMs)
      throw new Error('connection refused');
    });
    const { server, module } = await pipeline(ctx, { handlers, backoffDelayMs: 60_000, sweepIntervalMs: 60_000, sweepAfterMs: 300 });
    const d = delivery('orders/paid', SHOP, { id: 1 });
    expect((await server.post(d)).status).toBe(200);
    await eventually(async () => (await inboxRow(env, d.headers['x-shopify-event-id'] ?? ''))?.last_error != null);
    expect(await module.sweepOnce()).toBe(0);
    await sleep(400);
    // Past sweepAfterMs since the failure (its retry may be lost with Redis): handed over again.
    expect(await module.sweepOnce()).toBe(1);
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });

  it('runs other topics one at a time in arrival order, between the concurrent order events', async () => {
    const env = await environment();
    const ctx = context(env);
    const log: string[] = [];
    const ids = await store(env, [
      { topic: 'orders/paid', payload: { id: 1 } },
      { topic: 'orders/paid', payload: { id: 2 } },
      { topic: 'customers/redact', payload: { erase: 3 } },
      { topic: 'orders/paid', payload: { id: 3 } },
      { topic: 'orders/paid', payload: { id: 4 } },
    ]);
    const order: TopicHandler = async (_ctx, _shop, payload) => {
      const { id } = payload as { id: number };
      log.push(`start ${id}`);
      await sleep(50);
      log.push(`end ${id}`);
    };
    // Like the real erasure: drops the payload of an event that is waiting, in the same batch.
    const erase: TopicHandler = async () => {
      log.push('redact');
      await env.client.query(`UPDATE webhook_events SET payload = NULL WHERE payload ->> 'id' = '3'`);
    };
    await pipeline(ctx, { handlers: { 'orders/paid': order, 'customers/redact': erase } });
    await addJobs(ctx, [ids]);
    await eventually(allProcessed(env, ids));

    // 1 and 2 run together, the erasure after both, then 4 alone: 3 was erased before it ran.
    expect(log.slice(0, 2).sort()).toEqual(['start 1', 'start 2']);
    expect(log.slice(2, 4).sort()).toEqual(['end 1', 'end 2']);
    expect(log.slice(4)).toEqual(['redact', 'start 4', 'end 4']);
  });
});

/** What a delivery became in the inbox, once the worker is done with it (processed or failed). */
async function settled(env: Env, d: { headers: Record<string, string> }) {
  const eventKey = d.headers['x-shopify-event-id'] ?? '';
  await eventually(async () => ['processed', 'failed'].includes((await inboxRow(env, eventKey))?.status ?? ''));
  return inboxRow(env, eventKey);
}

async function balance(env: Env, shop: string, customerId: string): Promise<number | undefined> {
  const { rows } = await env.client.query<{ points: number }>(
    'SELECT m.points FROM members m JOIN shops s ON s.id = m.shop_id WHERE s.domain = $1 AND m.customer_id = $2',
    [shop, customerId],
  );
  return rows[0]?.points;
}

/** A payload without `fields` (as a platform may send it). */
const without = (payload: Record<string, unknown>, ...fields: string[]) =>
  Object.fromEntries(Object.entries(payload).filter(([key]) => !fields.includes(key)));

describe('deliveries the contract accepts, through the real handlers', () => {
  it('takes a shop domain that is no *.myshopify.com: the shop gets the default program and its order earns', async () => {
    const env = await environment();
    const ctx = context(env);
    const { server } = await pipeline(ctx, { backoffDelayMs: 50 });
    const shop = 'shop.example.com';
    const d = delivery('orders/paid', 'Shop.Example.com', orderPayload({ id: 501, customerId: 51, subtotal: '120.00', processedAt: new Date() }));
    expect((await server.post(d)).status).toBe(200);
    expect(await settled(env, d)).toMatchObject({ status: 'processed', last_error: null });

    expect(await balance(env, shop, '51')).toBe(120);
    const program = await env.client.query<{ rate: string; tiers: string[]; rewards: string[] }>(
      `SELECT p.points_per_currency_unit AS rate,
              (SELECT array_agg(t.name ORDER BY t.threshold) FROM tiers t WHERE t.shop_id = s.id) AS tiers,
              (SELECT array_agg(r.cost::text ORDER BY r.cost) FROM rewards r WHERE r.shop_id = s.id) AS rewards
       FROM shops s JOIN programs p ON p.shop_id = s.id WHERE s.domain = $1`,
      [shop],
    );
    expect(program.rows).toEqual([{ rate: '1.0000', tiers: ['Bronze', 'Silver', 'Gold'], rewards: ['300', '500'] }]);
  });

  it('earns for an orders/paid without created_at, and takes back refunds without created_at (or any time)', async () => {
    const env = await environment();
    const ctx = context(env);
    const { server } = await pipeline(ctx, { backoffDelayMs: 50 });
    const now = new Date();
    const paid = delivery('orders/paid', SHOP, without(orderPayload({ id: 601, customerId: 61, subtotal: '100.00', processedAt: now }), 'created_at'));
    expect((await server.post(paid)).status).toBe(200);
    expect(await settled(env, paid)).toMatchObject({ status: 'processed', last_error: null });
    expect(await balance(env, SHOP, '61')).toBe(100);

    const refund = refundPayload({ id: 6011, orderId: 601, createdAt: now, lines: ['40.00'] });
    const noCreatedAt = delivery('refunds/create', SHOP, without(refund, 'created_at'));
    expect((await server.post(noCreatedAt)).status).toBe(200);
    expect(await settled(env, noCreatedAt)).toMatchObject({ status: 'processed', last_error: null });
    expect(await balance(env, SHOP, '61')).toBe(60);

    const timeless = refundPayload({ id: 6012, orderId: 601, createdAt: now, lines: ['10.00'] });
    const noTime = delivery('refunds/create', SHOP, without(timeless, 'created_at', 'processed_at'));
    expect((await server.post(noTime)).status).toBe(200);
    expect(await settled(env, noTime)).toMatchObject({ status: 'processed', last_error: null });
    expect(await balance(env, SHOP, '61')).toBe(50);
  });

  it('earns for an orders/paid with neither processed_at nor created_at, as processed when it is applied', async () => {
    const env = await environment();
    const ctx = context(env);
    const { server } = await pipeline(ctx, { backoffDelayMs: 50 });
    const before = new Date();
    const paid = delivery('orders/paid', SHOP, without(orderPayload({ id: 701, customerId: 71, subtotal: '25.00', processedAt: new Date() }), 'created_at', 'processed_at'));
    expect((await server.post(paid)).status).toBe(200);
    expect(await settled(env, paid)).toMatchObject({ status: 'processed', last_error: null });
    expect(await balance(env, SHOP, '71')).toBe(25);
    const { rows } = await env.client.query<{ processed_at: Date }>(
      `SELECT processed_at FROM loyalty_orders WHERE order_id = '701'`,
    );
    expect(rows[0]?.processed_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it.each([
    ['orders/paid', '[1, 2]', 'orders/paid payload: payload: is an array'],
    ['orders/paid', 'null', 'orders/paid payload: payload: is null'],
    ['refunds/create', '5', 'refunds/create payload: payload: is a number'],
    ['customers/update', '"x"', 'customers/create|update payload: payload: is a string'],
    ['customers/redact', 'true', 'customers/redact payload: payload: is a boolean'],
  ])('fails a %s whose body is %s at once, with the reason, keeping it for a replay', async (topic, body, reason) => {
    const env = await environment();
    const ctx = context(env);
    const { server } = await pipeline(ctx, { backoffDelayMs: 50 });
    const d = delivery(topic, SHOP, body);
    expect((await server.post(d)).status).toBe(200);
    const row = await settled(env, d);
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: `InvalidPayloadError: invalid ${reason}, not a JSON object`,
    });
    expect(row?.payload).toEqual(JSON.parse(body));
    const stored = await env.client.query<{ erased: boolean }>('SELECT payload IS NULL AS erased FROM webhook_events WHERE id = $1', [row?.id]);
    expect(stored.rows).toEqual([{ erased: false }]);
  });

  it('runs a topic whose handler reads nothing of the body (app/uninstalled) also for a JSON null body', async () => {
    const env = await environment();
    const ctx = context(env);
    const shop = await ensureShop(ctx.db, SHOP);
    const { server } = await pipeline(ctx, { backoffDelayMs: 50 });
    const d = delivery('app/uninstalled', SHOP, 'null');
    expect((await server.post(d)).status).toBe(200);
    expect(await settled(env, d)).toMatchObject({ status: 'processed', last_error: null, payload: null });
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).toBeInstanceOf(Date);
  });
});

/** The redis-server binary, from PATH as scripts/services.sh finds it: a machine without it fails here, never skips. */
const REDIS_SERVER = process.env.PATH?.split(delimiter).map((dir) => join(dir, 'redis-server')).find((file) => existsSync(file)) ?? 'redis-server';

/** A private Redis without persistence, like production's: a restart loses every job. */
async function privateRedis(port: number): Promise<ChildProcess> {
  const server = spawn(REDIS_SERVER, ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = createRedis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => 50 });
  probe.on('error', () => {});
  try {
    await eventually(async () => (await probe.ping().catch(() => null)) === 'PONG');
  } finally {
    probe.disconnect();
  }
  return server;
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

describe('the webhook pipeline across a Redis restart', () => {
  it('keeps accepting while Redis is down and processes everything once it is back', { timeout: 30_000 }, async () => {
    const env = await environment();
    const port = await freePort();
    let redis = await privateRedis(port);
    cleanups.push(() => stopRedis(redis));
    const ctx = context(env, `redis://127.0.0.1:${port}`);
    const { calls, handlers } = recorder();
    const { server } = await pipeline(ctx, { handlers, sweepIntervalMs: 200, sweepAfterMs: 500 });

    const before = delivery('orders/paid', SHOP, { id: 1 });
    expect((await server.post(before)).status).toBe(200);
    await eventually(processed(env, before.headers['x-shopify-event-id'] ?? ''));

    await stopRedis(redis);
    const during = [delivery('orders/paid', SHOP, { id: 2 }), delivery('orders/paid', SHOP, { id: 3 })];
    for (const d of during) expect((await server.post(d)).status).toBe(200);

    // Back, empty: the worker reconnects by itself and the sweeper hands the stranded events over.
    redis = await privateRedis(port);
    for (const d of during) await eventually(processed(env, d.headers['x-shopify-event-id'] ?? ''), 20_000);
    expect(calls.map((c) => (c.payload as { id: number }).id).sort()).toEqual([1, 2, 3]);
  });
});
