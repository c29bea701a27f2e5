import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestGovernor, type IngestGovernor } from './governor.js';

let applied: number[];
let governor: IngestGovernor;

beforeEach(() => {
  vi.useFakeTimers();
  applied = [];
  governor = createIngestGovernor({ maxConcurrency: 16, targetLatencyMs: 8, intervalMs: 100, apply: (n) => applied.push(n) });
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

  it('restores the full concurrency at once when the burst is over', () => {
    [20, 20, 20, null].forEach(interval);
    expect(applied).toEqual([8, 4, 2, 16]);
  });
});
