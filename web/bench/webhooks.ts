/**
 * `npm run bench` / `./loyale bench`: the webhook ingest benchmark.
 *
 * Sends signed `orders/paid` deliveries for many customers to (1) a bare baseline (node:http + HMAC + one INSERT with
 * pg) and (2) the real app (`web/src/main.ts` as its own process, workers included), and prints side by side:
 * accepted webhooks/s and p50/p99 latency at a fixed concurrency, p50/p99 at a fixed rate, and how long until every
 * order's points are credited in the ledger. Options (env): BENCH_ORDERS (20000), BENCH_CUSTOMERS (2000),
 * BENCH_CONCURRENCY (32), BENCH_RATE (2000), BENCH_RATE_SECONDS (10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.js';
import { runAtRate, runConcurrent, type Delivery, type LoadResult } from './load.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = env('BENCH_ORDERS', 20_000);
const CUSTOMERS = env('BENCH_CUSTOMERS', 2_000);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32);
const RATE = env('BENCH_RATE', 2_000);
const RATE_SECONDS = env('BENCH_RATE_SECONDS', 10);
const SECRET = 'bench-secret';
const SHOP = 'bench-shop.myshopify.com';
const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const SERVER = 'postgresql://postgres@127.0.0.1:5432';

function orderPayload(orderId: number, customerId: number): string {
  const subtotal = (10 + (orderId % 190) + 0.99).toFixed(2);
  return JSON.stringify({
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId}`,
    email: `customer${customerId}@example.com`,
    created_at: new Date(Date.now() - 60_000).toISOString(),
    processed_at: new Date(Date.now() - 60_000).toISOString(),
    currency: 'EUR',
    financial_status: 'paid',
    current_subtotal_price: subtotal,
    current_subtotal_price_set: {
      shop_money: { amount: subtotal, currency_code: 'EUR' },
      presentment_money: { amount: subtotal, currency_code: 'EUR' },
    },
    total_price: subtotal,
    customer: { id: customerId, email: `customer${customerId}@example.com`, first_name: 'Bench', last_name: `Customer ${customerId}` },
    line_items: [
      { id: orderId * 10 + 1, title: 'Espresso beans 1 kg', quantity: 1, price: subtotal, sku: 'ESP-1000', variant_id: 4711, product_id: 815 },
    ],
  });
}

function deliveries(count: number, firstOrderId: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => {
    const orderId = firstOrderId + i;
    const body = orderPayload(orderId, 1 + (i % CUSTOMERS));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
        'x-shopify-topic': 'orders/paid',
        'x-shopify-shop-domain': SHOP,
        'x-shopify-api-version': '2026-10',
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-event-id': randomUUID(),
        'x-shopify-triggered-at': new Date().toISOString(),
      },
    };
  });
}

async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  const url = `${SERVER}/${name}`;
  await applyMigrations(url);
  return url;
}

async function startProcess(args: string[], extraEnv: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: WEB_DIR,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(readyUrl, { method: 'POST', body: '{}' }).then((r) => r.status > 0, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${args.join(' ')} did not become ready`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function waitForCredits(databaseUrl: string, expected: number, startedAt: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM ledger_entries WHERE reason = 'order_earned'",
      );
      if (Number(rows[0]?.n) >= expected) return (performance.now() - startedAt) / 1000;
      if (performance.now() - startedAt > 600_000) throw new Error('points were not all credited within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}

function row(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.accepted}/${r.sent} accepted)`;
}

const lines: string[] = [];
const baselineUrl = await freshDatabase('loyale_bench_baseline');
const baseline = await startProcess(['bench/baseline.ts', '3990', baselineUrl, SECRET], {}, 'http://127.0.0.1:3990/');
const baselineTarget = 'http://127.0.0.1:3990/api/webhooks';
await runConcurrent(baselineTarget, deliveries(2_000, 1), CONCURRENCY); // warm-up
const baseMax = await runConcurrent(baselineTarget, deliveries(ORDERS, 100_000), CONCURRENCY);
const baseRate = await runAtRate(baselineTarget, deliveries(RATE * RATE_SECONDS, 500_000), RATE);
await stop(baseline);

const appDbUrl = await freshDatabase('loyale_bench_app');
const appEnv = {
  PORT: '3991',
  SHOPIFY_API_KEY: 'bench-key',
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: 'http://127.0.0.1:3991',
  DATABASE_URL: appDbUrl,
  LOYALE_QUEUE_PREFIX: `bench-${randomUUID()}`,
  LOG_LEVEL: 'warn',
};
const app = await startProcess(['src/main.ts'], appEnv, 'http://127.0.0.1:3991/api/webhooks');
const appTarget = 'http://127.0.0.1:3991/api/webhooks';
await runConcurrent(appTarget, deliveries(2_000, 1), CONCURRENCY); // warm-up (also credits 2,000 orders)
await waitForCredits(appDbUrl, 2_000, performance.now());
const e2eStart = performance.now();
const appMax = await runConcurrent(appTarget, deliveries(ORDERS, 100_000), CONCURRENCY);
const creditedAfter = await waitForCredits(appDbUrl, 2_000 + ORDERS, e2eStart);
const appRate = await runAtRate(appTarget, deliveries(RATE * RATE_SECONDS, 500_000), RATE);
await stop(app);

lines.push(
  `Webhook ingest: ${ORDERS} orders/paid for ${CUSTOMERS} customers, concurrency ${CONCURRENCY}; open loop at ${RATE}/s for ${RATE_SECONDS} s`,
  row('baseline (node:http+HMAC+INSERT)', baseMax),
  row('loyale /api/webhooks', appMax),
  `ingest ratio loyale/baseline: ${(appMax.perSecond / baseMax.perSecond).toFixed(2)}x`,
  row(`baseline at ${RATE}/s`, baseRate),
  row(`loyale at ${RATE}/s`, appRate),
  `end to end: ${ORDERS} orders credited ${creditedAfter.toFixed(2)} s after the first was sent = ${(ORDERS / creditedAfter).toFixed(0)} orders/s`,
);
console.log(lines.join('\n'));
console.log(`(node ${process.version}, ${path.basename(process.execPath)}, ${new Date().toISOString()})`);
