import { describe, expect, it } from 'vitest';
import { grantExpiry, periodKey } from './period.js';

describe('periodKey: the month of the shop', () => {
  it.each([
    ['mid-month, UTC', '2026-11-15T12:00:00Z', 'UTC', '2026-11'],
    ['Berlin: 23:30 UTC on Nov 30 is already December', '2026-11-30T23:30:00Z', 'Europe/Berlin', '2026-12'],
    ['Berlin: 22:59 UTC on Nov 30 is still November', '2026-11-30T22:59:59Z', 'Europe/Berlin', '2026-11'],
    ['Berlin in summer (UTC+2): 22:00 UTC on Jun 30 is July', '2026-06-30T22:00:00Z', 'Europe/Berlin', '2026-07'],
    ['Los Angeles: 05:00 UTC on Dec 1 is still November', '2026-12-01T05:00:00Z', 'America/Los_Angeles', '2026-11'],
    ['New year in Tokyo', '2026-12-31T15:00:00Z', 'Asia/Tokyo', '2027-01'],
    ['New year not yet in Honolulu', '2027-01-01T09:59:00Z', 'Pacific/Honolulu', '2026-12'],
    ['an unknown timezone counts as UTC', '2026-11-30T23:30:00Z', 'Mars/Olympus_Mons', '2026-11'],
  ])('%s', (_name, at, timeZone, expected) => {
    expect(periodKey(new Date(at), timeZone)).toBe(expected);
  });
});

describe('grantExpiry', () => {
  it.each([
    [90, '2026-11-23T10:00:00.000Z', '2027-02-21T10:00:00.000Z'],
    [30, '2026-01-31T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
    [1, '2026-11-30T23:59:00.000Z', '2026-12-01T23:59:00.000Z'],
  ])('%i days from %s', (days, from, expected) => {
    expect(grantExpiry(new Date(from), days).toISOString()).toBe(expected);
  });
});
