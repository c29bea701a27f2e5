export interface IngestGovernorOptions {
  /** The worker concurrency when accepting webhooks is not under pressure. */
  maxConcurrency: number;
  /** Concurrency kept during a burst, so that processing never stops. @defaultValue 1 */
  minConcurrency?: number;
  /** Mean time to accept a webhook above which processing backs off. @defaultValue 8 ms */
  targetLatencyMs?: number;
  /**
   * The tail: processing also backs off when more than 1 % of an interval's requests took longer than this, and
   * grows only while none did (a mean of 2 ms can hide the 100 ms answers the platform would see as timeouts).
   * @defaultValue 20 ms
   */
  slowLatencyMs?: number;
  /**
   * Requests per second above which the route is in a burst: crediting drops to `minConcurrency` (and the hand-over
   * to the worker waits) as soon as an interval's requests reach this rate, without waiting for the route to slow
   * down, and stays there while the last second's rate is above it. @defaultValue 500 per second
   */
  burstRate?: number;
  /** How often the concurrency is adjusted. @defaultValue 250 ms */
  intervalMs?: number;
  /**
   * After a burst, this long without a single request ends it at once, without waiting for the interval to end:
   * at a burst's rate a pause this long means the senders are done, and every moment crediting waits after that
   * is idle CPU (the interval alone left up to two of them, half a second, to an idle machine). @defaultValue 100 ms
   */
  quietMs?: number;
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
 * Accept first, credit later: at a sustained high rate (`burstRate`) crediting drops to its floor at once, within the
 * interval that reached the rate (halving per interval let a burst's first second run beside full crediting, and
 * growing back by one per interval released the held events in floods while the burst went on). It stays at the
 * floor while the last second's rate is above `burstRate` and catches up at full concurrency as soon as the rate
 * falls below it with a fast route. Below that rate: additive increase, multiplicative decrease on the route's
 * latency per interval: with the mean above the target or more than 1 % of the answers slow, the worker's
 * concurrency halves (down to `minConcurrency`); with the mean below half the target and no slow answer it grows by
 * one; an interval without requests restores the full concurrency at once. The workers run in their own process, but on the same cores as the route and Postgres: the governor is what
 * keeps crediting from taking the CPU that accepting needs.
 */
export function createIngestGovernor(options: IngestGovernorOptions): IngestGovernor {
  const max = options.maxConcurrency;
  const min = Math.min(options.minConcurrency ?? 1, max);
  const target = options.targetLatencyMs ?? 8;
  const slowMs = options.slowLatencyMs ?? 20;
  const intervalMs = options.intervalMs ?? 250;
  const burstRate = options.burstRate ?? 500;
  const quietMs = options.quietMs ?? 100;
  /** Requests of one interval at the burst rate. */
  const burstCount = (burstRate * intervalMs) / 1000;
  /** The request counts of the last second's intervals (the current one not included). */
  const recent: number[] = [];
  const window = Math.max(1, Math.round(1000 / intervalMs));
  let current = max;
  let count = 0;
  let total = 0;
  let slow = 0;
  let bursting = false;
  let lastRequestAt = 0;

  const set = (next: number) => {
    if (next === current) return;
    current = next;
    options.apply(next);
  };

  const timer = setInterval(() => {
    const mean = count > 0 ? total / count : 0;
    recent.push(count);
    if (recent.length > window) recent.shift();
    const lastSecond = recent.reduce((sum, n) => sum + n, 0) / ((recent.length * intervalMs) / 1000);
    const wasBursting = bursting;
    // The interval alone counts as well: at a burst's start the last second still holds the quiet intervals before.
    bursting = count >= burstCount || (count > 0 && lastSecond > burstRate);
    if (count === 0) set(max);
    else if (bursting) set(min);
    else if (mean > target || slow > count / 100) set(Math.max(min, Math.floor(current / 2)));
    else if (wasBursting && mean < target / 2 && slow === 0) set(max);
    else if (mean < target / 2 && slow === 0) set(Math.min(max, current + 1));
    count = 0;
    total = 0;
    slow = 0;
  }, intervalMs);
  timer.unref();

  // A burst's end, noticed within a fraction of the interval: the window forgets the burst, so the next interval
  // judges only what comes after it.
  const quietTimer = setInterval(() => {
    if (!bursting || Date.now() - lastRequestAt < quietMs) return;
    bursting = false;
    recent.length = 0;
    count = 0;
    total = 0;
    slow = 0;
    set(max);
  }, Math.max(10, Math.floor(quietMs / 4)));
  quietTimer.unref();

  return {
    observe(ms) {
      lastRequestAt = Date.now();
      count++;
      total += ms;
      if (ms > slowMs) slow++;
      if (!bursting && count >= burstCount) {
        bursting = true;
        set(min);
      }
    },
    stop() {
      clearInterval(timer);
      clearInterval(quietTimer);
    },
  };
}
