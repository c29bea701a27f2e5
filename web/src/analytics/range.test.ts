import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, resolveRange, todayIn } from './range.js';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
    ['2025-12-31', true],
  ])('%s → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-03-29', 1, '2025-03-30'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-11-23', -29, '2025-10-25'],
  ])('%s + %i = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});

describe('todayIn', () => {
  const lateEvening = new Date('2026-11-23T23:30:00Z');
  it.each([
    ['UTC', '2026-11-23'],
    ['Europe/Berlin', '2026-11-24'],
    ['America/Los_Angeles', '2026-11-23'],
    ['Not/AZone', '2026-11-23'],
  ])('in %s', (zone, expected) => {
    expect(todayIn(zone, lateEvening)).toBe(expected);
  });
});

describe('resolveRange', () => {
  const today = '2026-11-23';
  it.each<[{ from?: string; to?: string }, object]>([
    [{}, { from: '2026-10-25', to: today }],
    [{ to: '2026-01-30' }, { from: '2026-01-01', to: '2026-01-30' }],
    [{ from: '2026-11-01' }, { from: '2026-11-01', to: today }],
    [{ from: '2026-11-23', to: '2026-11-23' }, { from: today, to: today }],
    [{ from: '2024-01-01', to: '2024-12-31' }, { from: '2024-01-01', to: '2024-12-31' }],
  ])('resolves %j', (asked, range) => {
    expect(resolveRange(asked, today)).toEqual({ ok: true, range });
  });

  it.each<[{ from?: string; to?: string }, object]>([
    [{ from: '2026-11-24', to: '2026-11-23' }, { from: { code: 'range_reversed', params: {} } }],
    [{ from: '2026-12-01' }, { from: { code: 'range_reversed', params: {} } }],
    [{ from: '2024-01-01', to: '2025-01-01' }, { to: { code: 'range_too_long', params: { maximum: 366 } } }],
  ])('refuses %j', (asked, issues) => {
    expect(resolveRange(asked, today)).toEqual({ ok: false, issues });
  });
});
