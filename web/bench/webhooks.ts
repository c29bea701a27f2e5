/**
 * `npm run bench` / `./loyale bench`: the webhook ingest benchmark.
 *
 * Sends signed `orders/paid` deliveries for many customers to (1) a bare baseline (node:http + HMAC + one INSERT with
 * pg) and (2) the real app (`web/src/main.ts` as its own process, workers included), and prints side by side:
 * accepted webhooks/s and p50/p99 latency at a fixed concurrency, p50/p99 at a fixed rate, and how long until every
 * order's points are credited in the ledger. Options (env): BENCH_ORDERS (20000), BENCH_CUSTOMERS (2000),
 * BENCH_CONCURRENCY (32), BENCH_RATE (2000), BENCH_RATE_SECONDS (10), BENCH_WARMUP_SECONDS (1, not measured), BENCH_PORT (3990: the baseline's; the app
 * takes the next); for profiling, BENCH_APP_NODE_ARGS (extra node
 * arguments of the app process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) and BENCH_SKIP_BASELINE=1; for
 * diagnosis, BENCH_DIAG=1 (each app process prints its event-loop delay, GC and CPU once a second, and the open loop
 * samples what the app's Postgres sessions wait on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.js';
import { runAtRate, runConcurrent, type Delivery, type LoadResult, type RateResult } from './load.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = env('BENCH_ORDERS', 20_000);
const CUSTOMERS = env('BENCH_CUSTOMERS', 2_000);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32);
const RATE = env('BENCH_RATE', 2_000);
const RATE_SECONDS = env('BENCH_RATE_SECONDS', 10);
/** Open-loop seconds sent before measuring, to open the keep-alive connections (both servers alike). */
const WARMUP_SECONDS = env('BENCH_WARMUP_SECONDS', 1);
/** The baseline listens on this port, the app on the next; the scratch databases are named after it. */
const PORT = env('BENCH_PORT', 3990);
const SECRET = 'bench-secret';
const SHOP = 'bench-shop.myshopify.com';
const DIAG = process.env.BENCH_DIAG === '1';
const APP_NODE_ARGS = [
  ...(process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ...(DIAG ? ['--import', './bench/process-stats.ts'] : []),
];
const SKIP_BASELINE = process.env.BENCH_SKIP_BASELINE === '1';
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

async function startProcess(args: string[], extraEnv: Record<string, string>, readyUrl: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], {
    cwd: WEB_DIR,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    // Unsigned: 401 once the route runs (503 while the app starts).
    const ok = await fetch(readyUrl, { method: 'POST', body: '{}' }).then((r) => r.status === 401, () => false);
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

/**
 * The pause before the next count of credited orders: about a third of the time the rest would take at the rate
 * seen since the last count, between 10 and 250 ms (50 ms when crediting has begun but the last interval credited
 * nothing). Each count reads the whole ledger (a scan growing to 20,000 rows, a few ms of the database's CPU that
 * crediting is competing for): polling every 100 ms cost the database about 4 % of a core during crediting and still
 * left the end up to 100 ms late; this counts rarely while little is credited, and often near the end.
 */
function nextPollMs(expected: number, credited: number, creditedBefore: number, sinceLastMs: number): number {
  const rate = (credited - creditedBefore) / Math.max(1, sinceLastMs);
  if (rate <= 0) return credited > 0 ? 50 : 250;
  return Math.min(250, Math.max(10, (expected - credited) / rate / 3));
}

async function waitForCredits(databaseUrl: string, expected: number, startedAt: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let before = 0;
    let countedAt = performance.now();
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM ledger_entries WHERE reason = 'order_earned'",
      );
      const now = performance.now();
      const credited = Number(rows[0]?.n);
      if (credited >= expected) return (now - startedAt) / 1000;
      if (now - startedAt > 600_000) throw new Error('points were not all credited within 10 minutes');
      const pause = nextPollMs(expected, credited, before, now - countedAt);
      before = credited;
      countedAt = now;
      await new Promise((r) => setTimeout(r, pause));
    }
  } finally {
    await client.end();
  }
}

/** The first row of one statement, on a connection of its own. */
async function queryOne<Row extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<Row | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows[0];
  } finally {
    await client.end();
  }
}

/** The server's current WAL position. */
const walPosition = async (databaseUrl: string) =>
  (await queryOne<{ lsn: string }>(databaseUrl, 'SELECT pg_current_wal_lsn()::text AS lsn'))?.lsn ?? '0/0';

/** WAL bytes the server wrote since `lsn`. */
const walBytesSince = async (databaseUrl: string, lsn: string) =>
  Number((await queryOne<{ bytes: string }>(databaseUrl, 'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS bytes', [lsn]))?.bytes ?? 0);

/** CPU time of a process so far, in clock ticks (utime + stime of /proc/<pid>/stat; 0 once it is gone). */
function processTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far, in clock ticks (the first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
  const ticks = values.slice(0, 8).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/**
 * CPU ticks so far of every running process, summed by command name (postgres, redis-server, ...); Node processes
 * (all named MainThread) apart: this generator, the app's web process and any other (its worker process).
 */
function ticksByCommand(appPid: number | undefined): Map<string, number> {
  const byCommand = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const pid = Number(entry);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      // Node's main threads are all "MainThread": the app's worker is the web process's child; any other Node process
      // on the machine (a test run beside the benchmark) is not the app's.
      const node = () => (pid === process.pid ? 'generator' : pid === appPid ? 'app web' : parent === appPid ? 'app worker' : 'other node');
      const command = name !== 'MainThread' ? name.replace(/\/\d+.*$/, '') : node();
      byCommand.set(command, (byCommand.get(command) ?? 0) + Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  return byCommand;
}

/**
 * The end-to-end phase as a timeline (BENCH_DIAG): every 250 ms, how busy the machine was and the share of a core
 * each main process used. Shows whether crediting leaves cores idle once the deliveries are in.
 */
function sampleTimeline(appPid: number | undefined): { stop(): string[] } {
  const lines: string[] = [];
  let machine = machineTicks();
  let commands = ticksByCommand(appPid);
  const names = ['postgres', 'app web', 'app worker', 'generator'];
  const timer = setInterval(() => {
    const nextMachine = machineTicks();
    const nextCommands = ticksByCommand(appPid);
    const total = nextMachine.total - machine.total;
    const busy = ((nextMachine.busy - machine.busy) / Math.max(1, total)) * 100;
    const shares = names.map((n) => `${n} ${(((nextCommands.get(n) ?? 0) - (commands.get(n) ?? 0)) / 0.25).toFixed(0).padStart(3)}`);
    lines.push(`  ${String(lines.length * 250).padStart(6)} ms  busy ${busy.toFixed(0).padStart(3)} %  ${shares.join('  ')}`);
    machine = nextMachine;
    commands = nextCommands;
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return lines;
    },
  };
}

/** Samples what the database's active sessions wait on (BENCH_DIAG), until `stop` is called; returns a tally. */
function sampleWaits(databaseUrl: string): { stop(): Promise<string[]> } {
  const client = new pg.Client({ connectionString: databaseUrl });
  const tally = new Map<string, number>();
  let samples = 0;
  let running = true;
  const cpuStart = new Map<number, number>();
  const benchCpu = process.cpuUsage();
  const startedAt = performance.now();
  const backendCpu = async (into: Map<number, number>) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    for (const { pid } of rows) into.set(pid, processTicks(pid));
  };
  const loop = (async () => {
    await client.connect();
    await backendCpu(cpuStart);
    while (running) {
      const { rows } = await client.query<{ what: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS what
           FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      samples += 1;
      for (const { what } of rows) tally.set(what, (tally.get(what) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 20));
    }
    const cpuEnd = new Map<number, number>();
    await backendCpu(cpuEnd);
    await client.end();
    return cpuEnd;
  })();
  return {
    async stop() {
      running = false;
      const cpuEnd = await loop;
      const seconds = (performance.now() - startedAt) / 1000;
      const ticks = [...cpuEnd].reduce((sum, [pid, t]) => sum + t - (cpuStart.get(pid) ?? 0), 0);
      const bench = process.cpuUsage(benchCpu);
      const cpu = [
        `  CPU: the app's Postgres sessions ${((ticks / 100 / seconds) * 100).toFixed(0)} % of a core, ` +
          `this generator ${(((bench.user + bench.system) / 1e6 / seconds) * 100).toFixed(0)} %`,
      ];
      return [...cpu, ...[...tally].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([what, n]) => `  ${(n / samples).toFixed(2).padStart(5)} × ${what}`)];
    },
  };
}

function rateRow(label: string, r: RateResult): string {
  return `${row(label, r)}  max ${r.max.toFixed(0)} ms, generator lag p99 ${r.lagP99.toFixed(1)} ms`;
}

function row(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(8)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.accepted}/${r.sent} accepted)`;
}

async function runBaseline(): Promise<{ max: LoadResult; rate: RateResult }> {
  const baselineUrl = await freshDatabase(`loyale_bench_${PORT}_baseline`);
  const baseline = await startProcess(['bench/baseline.ts', String(PORT), baselineUrl, SECRET], {}, `http://127.0.0.1:${PORT}/`);
  const baselineTarget = `http://127.0.0.1:${PORT}/api/webhooks`;
  await runConcurrent(baselineTarget, deliveries(2_000, 1), CONCURRENCY); // warm-up
  const max = await runConcurrent(baselineTarget, deliveries(ORDERS, 100_000), CONCURRENCY);
  const rate = await runAtRate(baselineTarget, deliveries(RATE * (WARMUP_SECONDS + RATE_SECONDS), 500_000), RATE, RATE * WARMUP_SECONDS);
  await stop(baseline);
  return { max, rate };
}

const lines: string[] = [];
const loadBefore = os.loadavg();
const base = SKIP_BASELINE ? null : await runBaseline();

const appDbUrl = await freshDatabase(`loyale_bench_${PORT}_app`);
const appEnv = {
  PORT: String(PORT + 1),
  SHOPIFY_API_KEY: 'bench-key',
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: `http://127.0.0.1:${PORT + 1}`,
  DATABASE_URL: appDbUrl,
  LOYALE_QUEUE_PREFIX: `bench-${randomUUID()}`,
  LOG_LEVEL: 'warn',
};
const appTarget = `http://127.0.0.1:${PORT + 1}/api/webhooks`;
const app = await startProcess(['src/main.ts'], appEnv, appTarget, APP_NODE_ARGS);
await runConcurrent(appTarget, deliveries(2_000, 1), CONCURRENCY); // warm-up (also credits 2,000 orders)
await waitForCredits(appDbUrl, 2_000, performance.now());
// Signed before the clock starts: the end-to-end time runs from the first request sent.
const e2eDeliveries = deliveries(ORDERS, 100_000);
const walBefore = await walPosition(appDbUrl);
const e2eStart = performance.now();
const e2eTicks = machineTicks();
const e2eCommands = ticksByCommand(app.pid);
const timeline = DIAG ? sampleTimeline(app.pid) : null;
const e2eWaits = DIAG ? sampleWaits(appDbUrl) : null;
const appMax = await runConcurrent(appTarget, e2eDeliveries, CONCURRENCY);
const ingestedAfter = (performance.now() - e2eStart) / 1000;
const creditedAfter = await waitForCredits(appDbUrl, 2_000 + ORDERS, e2eStart);
const timelineLines = timeline?.stop() ?? [];
const e2eWaited = (await e2eWaits?.stop()) ?? [];
const e2eEndTicks = machineTicks();
const walBytes = await walBytesSince(appDbUrl, walBefore);
const e2eCommandSeconds = [...ticksByCommand(app.pid)]
  .map(([command, ticks]) => [command, (ticks - (e2eCommands.get(command) ?? 0)) / 100] as const)
  .filter(([, seconds]) => seconds >= 0.05)
  .sort((a, b) => b[1] - a[1]);
// Machine-wide CPU of the end-to-end phase (every process: app, Postgres, Redis, this generator): on a shared machine
// the wall time moves with the neighbours, the CPU spent per order much less.
const e2eBusySeconds = (e2eEndTicks.busy - e2eTicks.busy) / 100;
const e2eBusyShare = (e2eEndTicks.busy - e2eTicks.busy) / Math.max(1, e2eEndTicks.total - e2eTicks.total);
const waits = DIAG ? sampleWaits(appDbUrl) : null;
const appRate = await runAtRate(appTarget, deliveries(RATE * (WARMUP_SECONDS + RATE_SECONDS), 500_000), RATE, RATE * WARMUP_SECONDS);
const waited = (await waits?.stop()) ?? [];
await stop(app);

lines.push(
  `Webhook ingest: ${ORDERS} orders/paid for ${CUSTOMERS} customers, concurrency ${CONCURRENCY}; open loop at ${RATE}/s for ${RATE_SECONDS} s after ${WARMUP_SECONDS} s unmeasured (connections opened)`,
  ...(base ? [row('baseline (node:http+HMAC+INSERT)', base.max)] : []),
  row('loyale /api/webhooks', appMax),
  ...(base ? [`ingest ratio loyale/baseline: ${(appMax.perSecond / base.max.perSecond).toFixed(2)}x`] : []),
  ...(base ? [rateRow(`baseline at ${RATE}/s`, base.rate)] : []),
  ...(base ? [`baseline p99 by second of the open loop: ${base.rate.p99BySecond.map((ms) => ms.toFixed(0)).join(' ')} ms`] : []),
  rateRow(`loyale at ${RATE}/s`, appRate),
  `loyale p99 by second of the open loop: ${appRate.p99BySecond.map((ms) => ms.toFixed(0)).join(' ')} ms`,
  ...(waited.length > 0 ? ['app sessions during the open loop (mean active per sample):', ...waited] : []),
  `end to end: ${ORDERS} orders credited ${creditedAfter.toFixed(2)} s after the first was sent = ${(ORDERS / creditedAfter).toFixed(0)} orders/s`,
  // The machine's speed moves the figure above by a factor of two or more from day to day (a shared host); its ratio
  // to what the bare baseline merely accepts in the same run moves much less, so builds compare across days by it.
  ...(base ? [`  end to end / baseline ingest: ${(ORDERS / creditedAfter / base.max.perSecond).toFixed(2)} (credited orders per webhook the bare baseline accepts)`] : []),
  `end to end CPU, whole machine: ${e2eBusySeconds.toFixed(2)} core-seconds (${((e2eBusySeconds / ORDERS) * 1e6).toFixed(0)} µs per order accepted and credited), cores ${(e2eBusyShare * 100).toFixed(0)} % busy`,
  ...(DIAG ? [`  every delivery accepted after ${ingestedAfter.toFixed(2)} s; by 250 ms (busy % of the machine, then % of a core per process):`, ...timelineLines] : []),
  ...(e2eWaited.length > 0 ? ['app sessions end to end (mean active per sample):', ...e2eWaited] : []),
  `  WAL written: ${(walBytes / ORDERS / 1024).toFixed(2)} KiB per order (the server's whole WAL, steady whatever the machine's speed: a measure of the writes an order costs)`,
  `  by process: ${e2eCommandSeconds.map(([command, seconds]) => `${command} ${seconds.toFixed(2)} s`).join(', ')}`,
);
console.log(lines.join('\n'));
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`(node ${process.version}, ${path.basename(process.execPath)}, ${new Date().toISOString()}; load average before ${load(loadBefore)}, after ${load(os.loadavg())})`);
