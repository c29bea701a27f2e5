import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload } from '../emulator/payloads.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { eventually } from './harness.js';
import { freePort, killApp, signedWebhook, spawnApp } from './process.js';

const SECRET = 'crash-test-secret';
const SHOP = 'crash-test.myshopify.com';
const CUSTOMERS = 5;
const ORDERS_PER_CUSTOMER = 40;

let database: TestDatabase;
let client: pg.Client;
let env: Record<string, string>;
let app: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  env = {
    SHOPIFY_API_KEY: 'crash-test-key',
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: 'http://127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOYALE_QUEUE_PREFIX: `test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  if (app) await killApp(app, 'SIGKILL');
  await client.end();
  await database.drop();
});

async function post(port: number, delivery: { body: string; headers: Record<string, string> }): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/webhooks`, { method: 'POST', ...delivery });
  return res.status;
}

describe('a process killed in the middle of work', () => {
  it('credits every accepted order exactly once after a restart', { timeout: 120_000 }, async () => {
    // Subtotals of 1.00 to 9.00 keep every customer in the lowest tier, so the expected points are plain sums.
    const orders = Array.from({ length: CUSTOMERS * ORDERS_PER_CUSTOMER }, (_, i) => ({
      id: 5_000 + i,
      customerId: 900 + (i % CUSTOMERS),
      subtotal: `${1 + (i % 9)}.00`,
    }));
    const expected = new Map<number, number>();
    for (const o of orders) expected.set(o.customerId, (expected.get(o.customerId) ?? 0) + Number.parseInt(o.subtotal, 10));

    const port = await freePort();
    app = await spawnApp(env, port);
    const deliveries = orders.map((o) =>
      signedWebhook(SECRET, SHOP, 'orders/paid', orderPayload({ id: o.id, subtotal: o.subtotal, customer: { id: o.customerId } })),
    );
    const statuses = await Promise.all(deliveries.map((d) => post(port, d)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // Killed without warning while the worker is busy: no graceful shutdown, jobs are left active in Redis.
    await killApp(app, 'SIGKILL');
    // Restarted; the same deliveries come again (the platform retries what it thinks failed).
    app = await spawnApp(env, port);
    const again = await Promise.all(deliveries.slice(0, 50).map((d) => post(port, d)));
    expect(again.every((s) => s === 200)).toBe(true);

    await eventually(async () => {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM webhook_events WHERE status = 'processed'",
      );
      return Number(rows[0]?.n) === orders.length;
    }, 90_000);

    const { rows: members } = await client.query<{ customer_id: string; points: number; ledger: string }>(
      `SELECT m.customer_id, m.points, (SELECT coalesce(sum(delta), 0) FROM ledger_entries l WHERE l.member_id = m.id) AS ledger
       FROM members m`,
    );
    expect(members).toHaveLength(CUSTOMERS);
    for (const member of members) {
      expect(member.points).toBe(expected.get(Number(member.customer_id)));
      expect(Number(member.ledger)).toBe(member.points);
    }
    const { rows: earned } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM ledger_entries WHERE reason = 'order_earned'",
    );
    expect(Number(earned[0]?.n)).toBe(orders.length);
  });

  it.each([
    ['to the process group (systemd, a container init)', 'group', 0],
    ['to the web process alone, which stops its worker process', 'parent', 1],
  ] as const)('finishes running jobs on a SIGTERM %s and exits cleanly', { timeout: 90_000 }, async (_, target, index) => {
    if (app) await killApp(app, 'SIGKILL');
    const port = await freePort();
    app = await spawnApp(env, port);
    const customer = 990 + index;
    const deliveries = Array.from({ length: 60 }, (_, i) =>
      signedWebhook(SECRET, SHOP, 'orders/paid', orderPayload({ id: 90_000 + 100 * index + i, subtotal: '2.00', customer: { id: customer } })),
    );
    expect((await Promise.all(deliveries.map((d) => post(port, d)))).every((s) => s === 200)).toBe(true);
    if (target === 'group') {
      expect(await killApp(app, 'SIGTERM')).toBe(0);
    } else {
      const exited = new Promise<number | null>((resolve) => app!.once('exit', (code) => resolve(code)));
      app.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    // No event is left claimed: a job that ran finished and marked its events, none was abandoned mid-way (an
    // abandoned one would hold its lease until it runs out).
    const { rows: held } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM webhook_events WHERE status = 'received' AND claimed_until > (now() AT TIME ZONE 'UTC')",
    );
    expect(Number(held[0]?.n)).toBe(0);
    // Whatever the stopped worker did not take stays in the inbox/queue and is done after the next start.
    app = await spawnApp(env, port);
    await eventually(async () => {
      const { rows } = await client.query<{ points: number }>('SELECT points FROM members WHERE customer_id = $1', [String(customer)]);
      return rows[0]?.points === 120;
    }, 60_000);
  });
});
