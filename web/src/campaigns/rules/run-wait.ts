/**
 * How long the job of a run that still has pending recipients waits before it looks at the run again: until the next
 * recipient is due (the earliest lease end: a worker's hold, or a failed delivery's backoff), within bounds.
 */
export interface RunWaitPolicy {
  /**
   * The shortest wait: a recipient due already (a lease ended a moment ago, or one nobody claimed yet) does not make
   * the job spin on the database. @defaultValue 1000 ms
   */
  minDelayMs: number;
  /**
   * The longest wait: a lease far ahead (a clock of another process ahead of this one, a misconfigured lease) never
   * parks the run for long; the job looks again, cheaply, and waits again. @defaultValue 300000 ms (the longest
   * delivery backoff, rules/delivery-retry.ts)
   */
  maxDelayMs: number;
}

export const DEFAULT_RUN_WAIT: RunWaitPolicy = { minDelayMs: 1_000, maxDelayMs: 300_000 };

/**
 * The wait until `dueAt` from `now`, at least `minDelayMs` and at most `maxDelayMs`. Null `dueAt` (nothing pending
 * any more: another worker just finished the run) waits the least: the next look closes the run.
 */
export function runWaitMs(dueAt: Date | null, now: Date, policy: RunWaitPolicy = DEFAULT_RUN_WAIT): number {
  const wanted = dueAt ? dueAt.getTime() - now.getTime() : 0;
  return Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, wanted));
}
