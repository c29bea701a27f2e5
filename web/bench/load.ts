/**
 * The load generator: sends pre-signed webhook deliveries over keep-alive connections, either closed-loop at a
 * fixed concurrency (maximum throughput) or open-loop at a fixed rate (latency at a given load), and reports
 * accepted requests per second and latency percentiles.
 */
import http from 'node:http';

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

function send(agent: http.Agent, url: URL, delivery: Delivery): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...delivery.headers, 'content-length': Buffer.byteLength(delivery.body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(delivery.body);
  });
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
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++];
        if (!delivery) break;
        const { status, ms } = await send(agent, url, delivery);
        statuses.push(status);
        latencies.push(ms);
      }
    }),
  );
  agent.destroy();
  return summarize(latencies, statuses, startedAt);
}

/** Open loop: starts deliveries at `rate` per second regardless of answers (latency under a given load). */
export async function runAtRate(target: string, deliveries: Delivery[], rate: number): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const statuses: number[] = [];
  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  const tickMs = 5;
  let sent = 0;
  while (sent < deliveries.length) {
    const due = Math.min(deliveries.length, Math.floor(((performance.now() - startedAt) / 1000) * rate));
    for (; sent < due; sent++) {
      const delivery = deliveries[sent];
      if (!delivery) break;
      inFlight.push(
        send(agent, url, delivery).then(({ status, ms }) => {
          statuses.push(status);
          latencies.push(ms);
        }),
      );
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return summarize(latencies, statuses, startedAt);
}
