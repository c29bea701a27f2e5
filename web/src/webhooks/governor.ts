export interface IngestGovernorOptions {
  /** The worker concurrency when accepting webhooks is not under pressure. */
  maxConcurrency: number;
  /** Concurrency kept during a burst, so that processing never stops. @defaultValue 1 */
  minConcurrency?: number;
  /** Mean time to accept a webhook above which processing backs off. @defaultValue 8 ms */
  targetLatencyMs?: number;
  /** How often the concurrency is adjusted. @defaultValue 250 ms */
  intervalMs?: number;
  /** Applies a new concurrency (BullMQ's `worker.concurrency` can change at run time). */
  apply(concurrency: number): void;
}

export interface IngestGovernor {
  /** One accepted (or refused) request took `ms` to answer. */
  observe(ms: number): void;
  stop(): void;
}

/**
 * Accepting webhooks goes before processing them. Worker and HTTP route share one process and two cores; during a
 * burst the inbox absorbs the load, so the route stays fast (the platform times out slow answers and retries)
 * while processing backs off, and catches up as soon as the burst is over.
 *
 * Additive increase, multiplicative decrease on the route's mean latency per interval: above the target the
 * worker's concurrency halves (down to `minConcurrency`), below half the target it grows by one; an interval
 * without requests restores the full concurrency at once.
 */
export function createIngestGovernor(options: IngestGovernorOptions): IngestGovernor {
  const max = options.maxConcurrency;
  const min = Math.min(options.minConcurrency ?? 1, max);
  const target = options.targetLatencyMs ?? 8;
  let current = max;
  let count = 0;
  let total = 0;

  const set = (next: number) => {
    if (next === current) return;
    current = next;
    options.apply(next);
  };

  const timer = setInterval(() => {
    const mean = count > 0 ? total / count : 0;
    if (count === 0) set(max);
    else if (mean > target) set(Math.max(min, Math.floor(current / 2)));
    else if (mean < target / 2) set(Math.min(max, current + 1));
    count = 0;
    total = 0;
  }, options.intervalMs ?? 250);
  timer.unref();

  return {
    observe(ms) {
      count++;
      total += ms;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
