import { describe, expect, it } from 'vitest';
import { retryAfterMs, throttleDelayMs } from './admin-client.js';

describe('throttleDelayMs', () => {
  it.each([
    ['waits for the missing cost at the restore rate', { requestedQueryCost: 120, throttleStatus: { currentlyAvailable: 20, restoreRate: 50 } }, 2000],
    ['waits nothing when enough is available', { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 100, restoreRate: 50 } }, 0],
    ['rounds up', { requestedQueryCost: 11, throttleStatus: { currentlyAvailable: 10, restoreRate: 3 } }, 334],
    ['no cost information', undefined, undefined],
    ['no restore rate', { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 0, restoreRate: 0 } }, undefined],
  ])('%s', (_name, cost, expected) => {
    expect(throttleDelayMs(cost)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['seconds', '2', 2000],
    ['fractional seconds', '0.5', 500],
    ['absent', null, undefined],
    ['unreadable', 'soon', undefined],
  ])('%s', (_name, header, expected) => {
    expect(retryAfterMs(header)).toBe(expected);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterMs('Mon, 23 Nov 2026 10:00:03 GMT', now)).toBe(3000);
  });
});
