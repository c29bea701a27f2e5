import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_RETRY } from './delivery-retry.js';
import { DEFAULT_RUN_WAIT, runWaitMs } from './run-wait.js';

const now = new Date('2026-12-07T09:00:00Z');
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe('runWaitMs (default: at least 1 s, at most 5 min)', () => {
  it('waits until the next recipient is due', () => {
    expect(runWaitMs(inMs(42_000), now)).toBe(42_000);
    expect(runWaitMs(inMs(DEFAULT_RUN_WAIT.maxDelayMs), now)).toBe(DEFAULT_RUN_WAIT.maxDelayMs);
  });

  it('never less than the floor: due now, due in the past, unclaimed (the epoch), or nothing pending', () => {
    expect(runWaitMs(inMs(10), now)).toBe(1_000);
    expect(runWaitMs(now, now)).toBe(1_000);
    expect(runWaitMs(inMs(-60_000), now)).toBe(1_000);
    expect(runWaitMs(new Date(0), now)).toBe(1_000);
    expect(runWaitMs(null, now)).toBe(1_000);
  });

  it('never more than the cap: a lease far ahead', () => {
    expect(runWaitMs(inMs(DEFAULT_RUN_WAIT.maxDelayMs + 1), now)).toBe(DEFAULT_RUN_WAIT.maxDelayMs);
    expect(runWaitMs(inMs(7 * 86_400_000), now)).toBe(DEFAULT_RUN_WAIT.maxDelayMs);
  });

  it('follows a policy of its own', () => {
    const policy = { minDelayMs: 5, maxDelayMs: 50 };
    expect(runWaitMs(inMs(20), now, policy)).toBe(20);
    expect(runWaitMs(inMs(1), now, policy)).toBe(5);
    expect(runWaitMs(inMs(500), now, policy)).toBe(50);
  });
});

describe('the default wait and the delivery backoff', () => {
  it('the cap covers the longest backoff: a waiting recipient is looked at when it is due, not before', () => {
    expect(DEFAULT_RUN_WAIT.maxDelayMs).toBeGreaterThanOrEqual(DEFAULT_DELIVERY_RETRY.maxDelayMs);
  });
});
