/**
 * Per-process diagnostics for the benchmark (`BENCH_DIAG=1` preloads it into the app and its worker process with
 * `--import`): once a second, one line on stderr with the event loop's delay (p50/p99/max), the time spent in GC
 * pauses and the CPU the process used. Tells whether slow answers waited on the event loop (the web process's own
 * CPU, GC) or elsewhere (Postgres, the other cores). Not part of the app.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const role = process.send ? 'worker' : 'web';
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let gcMs = 0;
let gcMax = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcMax = Math.max(gcMax, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

let cpu = process.cpuUsage();
let at = performance.now();
const ms = (ns: number) => (ns / 1e6).toFixed(1);
setInterval(() => {
  const now = performance.now();
  const used = process.cpuUsage(cpu);
  const cpuPct = ((used.user + used.system) / 1000 / (now - at)) * 100;
  process.stderr.write(
    `[diag ${role} ${process.pid}] loop delay p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} ` +
      `max ${ms(delay.max)} ms | gc ${gcMs.toFixed(1)} ms (max ${gcMax.toFixed(1)}) | cpu ${cpuPct.toFixed(0)} %\n`,
  );
  delay.reset();
  gcMs = 0;
  gcMax = 0;
  cpu = process.cpuUsage();
  at = now;
}, 1_000).unref();
