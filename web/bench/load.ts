/**
 * The load generator: sends pre-signed webhook deliveries over keep-alive connections, either closed-loop at a
 * fixed concurrency (maximum throughput) or open-loop at a fixed rate (latency at a given load), and reports
 * accepted requests per second and latency percentiles. It shares the two cores with the servers it measures, so
 * it uses undici's connection pool, which costs about half the CPU per request of node:http's client.
 */
import { Pool } from 'undici';

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  sent: number;
  accepted: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Latency counts from `since` (default: now), so an open loop can count from the moment a request was due. */
async function send(pool: Pool, path: string, delivery: Delivery, since = performance.now()): Promise<{ status: number; ms: number }> {
  try {
    const res = await pool.request({ path, method: 'POST', headers: delivery.headers, body: delivery.body });
    await res.body.dump();
    return { status: res.statusCode, ms: performance.now() - since };
  } catch {
    return { status: 0, ms: performance.now() - since };
  }
}

function summarize(latencies: number[], statuses: number[], startedAt: number): LoadResult {
  const seconds = (performance.now() - startedAt) / 1000;
  const accepted = statuses.filter((s) => s === 200).length;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent: statuses.length,
    accepted,
    failed: statuses.length - accepted,
    seconds,
    perSecond: accepted / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

/** Closed loop: `concurrency` requests in flight until every delivery is sent. */
export async function runConcurrent(target: string, deliveries: Delivery[], concurrency: number): Promise<LoadResult> {
  const url = new URL(target);
  const pool = new Pool(url.origin, { connections: concurrency });
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++];
        if (!delivery) break;
        const { status, ms } = await send(pool, url.pathname, delivery);
        statuses.push(status);
        latencies.push(ms);
      }
    }),
  );
  await pool.close();
  return summarize(latencies, statuses, startedAt);
}

export interface RateResult extends LoadResult {
  /** How late the generator started requests against their schedule (p99, max): large values mean it fell behind. */
  lagP99: number;
  lagMax: number;
  /** The p99 of each second of the run, by when the requests were due (where in the run the tail sits). */
  p99BySecond: number[];
}

/**
 * Open loop: request i is due at `start + i / rate`, whatever the answers, and its latency counts from that moment,
 * not from when it was actually sent: a generator that falls behind (its own event loop, a busy CPU) cannot hide
 * the wait from the figures (no coordinated omission). Requests are started as they fall due (timers of at least
 * 1 ms, so a few at a time at high rates), over up to 256 keep-alive connections; `lagP99` tells whether the
 * generator kept up. The first `warmup` deliveries go out on the same schedule but are not measured: they open the
 * keep-alive connections a steady stream of webhooks runs over (as wrk2 and similar tools connect before measuring),
 * so the figures describe the sustained rate, not the generator's connection ramp. Both servers get the same.
 */
export async function runAtRate(target: string, deliveries: Delivery[], rate: number, warmup = 0): Promise<RateResult> {
  const url = new URL(target);
  const pool = new Pool(url.origin, { connections: 256 });
  const latencies: number[] = [];
  const statuses: number[] = [];
  const lags: number[] = [];
  const bySecond: number[][] = [];
  const inFlight: Promise<void>[] = [];
  const intervalMs = 1000 / rate;
  const startedAt = performance.now();
  let sent = 0;
  while (sent < deliveries.length) {
    const now = performance.now();
    const due = Math.min(deliveries.length, Math.floor((now - startedAt) / intervalMs) + 1);
    for (; sent < due; sent++) {
      const delivery = deliveries[sent];
      if (!delivery) break;
      const dueAt = startedAt + sent * intervalMs;
      const measured = sent >= warmup;
      if (measured) lags.push(now - dueAt);
      const second = Math.floor((dueAt - startedAt - warmup * intervalMs) / 1000);
      inFlight.push(
        send(pool, url.pathname, delivery, dueAt).then(({ status, ms }) => {
          if (!measured) return;
          statuses.push(status);
          latencies.push(ms);
          (bySecond[second] ??= []).push(ms);
        }),
      );
    }
    const wait = startedAt + sent * intervalMs - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
  await Promise.all(inFlight);
  await pool.close();
  const sortedLags = lags.sort((a, b) => a - b);
  return {
    ...summarize(latencies, statuses, startedAt + warmup * intervalMs),
    lagP99: percentile(sortedLags, 99),
    lagMax: sortedLags.at(-1) ?? 0,
    p99BySecond: Array.from(bySecond, (ms) => percentile((ms ?? []).sort((a, b) => a - b), 99)),
  };
}
