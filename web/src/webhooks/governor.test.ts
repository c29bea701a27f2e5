import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestGovernor, type IngestGovernor } from './governor.js';

let applied: number[];
let governor: IngestGovernor;

beforeEach(() => {
  vi.useFakeTimers();
  applied = [];
  // No burst rate here: these cases are about latency alone (the burst cases below set one).
  governor = createIngestGovernor({ maxConcurrency: 16, targetLatencyMs: 8, intervalMs: 100, burstRate: Infinity, apply: (n) => applied.push(n) });
});

afterEach(() => {
  governor.stop();
  vi.useRealTimers();
});

/** One interval in which every request took `ms` (no requests when `ms` is null). */
function interval(ms: number | null): void {
  if (ms !== null) for (let i = 0; i < 10; i++) governor.observe(ms);
  vi.advanceTimersByTime(100);
}

describe('createIngestGovernor', () => {
  it('changes nothing while accepting is fast', () => {
    [2, 3, 1, null].forEach(interval);
    expect(applied).toEqual([]);
  });

  it('halves the concurrency per slow interval, down to one', () => {
    [20, 20, 20, 20, 20, 20].forEach(interval);
    expect(applied).toEqual([8, 4, 2, 1]);
  });

  it('grows back by one per fast interval, and holds between half the target and the target', () => {
    [20, 20, 2, 2, 6, 2].forEach(interval);
    expect(applied).toEqual([8, 4, 5, 6, 7]);
  });

  it('backs off on a slow tail even when the mean looks fine, and grows only without slow answers', () => {
    const tail = (slowAnswers: number) => {
      for (let i = 0; i < 200 - slowAnswers; i++) governor.observe(1);
      for (let i = 0; i < slowAnswers; i++) governor.observe(60);
      vi.advanceTimersByTime(100);
    };
    tail(4); // 2 % slow, mean 2.2 ms
    tail(4);
    tail(1); // 0.5 % slow: holds
    tail(0);
    expect(applied).toEqual([8, 4, 5]);
  });

  it('restores the full concurrency at once when the burst is over', () => {
    [20, 20, 20, null].forEach(interval);
    expect(applied).toEqual([8, 4, 2, 16]);
  });

  describe('at a burst rate', () => {
    beforeEach(() => {
      governor.stop();
      governor = createIngestGovernor({ maxConcurrency: 16, intervalMs: 100, burstRate: 500, apply: (n) => applied.push(n) });
    });

    /** One interval of `n` fast answers, spread evenly over it. */
    const requests = (n: number) => {
      if (n === 0) vi.advanceTimersByTime(100);
      for (let i = 0; i < n; i++) {
        governor.observe(1);
        vi.advanceTimersByTime(100 / n);
      }
    };

    it('drops to the floor within the interval that reached the rate, however fast the route is', () => {
      for (let i = 0; i < 49; i++) governor.observe(1);
      expect(applied).toEqual([]);
      governor.observe(1); // 50 in 100 ms = 500/s
      expect(applied).toEqual([1]);
    });

    it('stays at the floor while the last second is above the rate, then catches up at full concurrency', () => {
      [200, 200, 200, 200, 20, 20, 20, 20, 20, 20, 20, 20].forEach(requests);
      // 2,000/s for 0.4 s, then 200/s: the last second still holds more than 500 requests.
      expect(applied).toEqual([1]);
      requests(20); // the last second: one interval of 200 and nine of 20 = 380/s
      expect(applied).toEqual([1, 16]);
    });

    it('holds the floor from the first interval of a burst that follows a quiet second', () => {
      [0, 0, 0, 200, 200].forEach(requests);
      expect(applied).toEqual([1]);
    });

    it('catches up at once when the requests stop', () => {
      [200, 200, 0].forEach(requests);
      expect(applied).toEqual([1, 16]);
    });

    it('ends a burst after a short quiet spell, before the interval is over, and judges what follows afresh', () => {
      for (let i = 0; i < 60; i++) governor.observe(1);
      expect(applied).toEqual([1]);
      vi.advanceTimersByTime(60);
      expect(applied).toEqual([1]); // a pause within the burst's pace
      vi.advanceTimersByTime(60);
      expect(applied).toEqual([1, 16]); // 100 ms without a request: over, mid-interval
      requests(5); // a trickle after it is no burst, although the last second held one
      expect(applied).toEqual([1, 16]);
    });

    it('leaves a moderate rate to the latency rules', () => {
      [20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20].forEach(requests);
      expect(applied).toEqual([]);
    });
  });
});
