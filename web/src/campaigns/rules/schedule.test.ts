import { describe, expect, it } from 'vitest';
import { cronPattern, isoWeekKey, nextRunAt, occurrenceNear, periodKey, type RecurringSchedule, type Schedule } from './schedule.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);

describe('nextRunAt', () => {
  it.each<[string, Schedule, string, string, string | null]>([
    ['once, in the future', { kind: 'once', runAt: at('2026-12-01T09:00:00Z') }, '2026-11-23T12:00:00Z', BERLIN, '2026-12-01T09:00:00.000Z'],
    ['once, passed', { kind: 'once', runAt: at('2026-11-01T09:00:00Z') }, '2026-11-23T12:00:00Z', BERLIN, null],
    // 2026-11-23 is a Monday; Berlin is UTC+1 in winter.
    ['weekly, later this week', { kind: 'weekly', weekday: 5, time: '09:30' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-27T08:30:00.000Z'],
    ['weekly, same day later', { kind: 'weekly', weekday: 1, time: '14:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-23T13:00:00.000Z'],
    ['weekly, same day passed → next week', { kind: 'weekly', weekday: 1, time: '09:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-30T08:00:00.000Z'],
    ['weekly, Sunday', { kind: 'weekly', weekday: 7, time: '00:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-28T23:00:00.000Z'],
    ['weekly, exactly at the time → the next one', { kind: 'weekly', weekday: 1, time: '13:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-30T12:00:00.000Z'],
    ['weekly in UTC', { kind: 'weekly', weekday: 3, time: '08:00' }, '2026-11-23T12:00:00Z', 'UTC', '2026-11-25T08:00:00.000Z'],
    ['weekly in New York', { kind: 'weekly', weekday: 1, time: '08:00' }, '2026-11-23T12:00:00Z', 'America/New_York', '2026-11-23T13:00:00.000Z'],
    ['monthly, later this month', { kind: 'monthly', day: 28, time: '10:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-11-28T09:00:00.000Z'],
    ['monthly, passed → next month', { kind: 'monthly', day: 1, time: '10:00' }, '2026-11-23T12:00:00Z', BERLIN, '2026-12-01T09:00:00.000Z'],
    ['monthly across the new year', { kind: 'monthly', day: 15, time: '10:00' }, '2026-12-20T12:00:00Z', BERLIN, '2027-01-15T09:00:00.000Z'],
    // Summer time starts on 2027-03-28 in Berlin: 10:00 is UTC+2 from then on.
    ['monthly across a DST change', { kind: 'monthly', day: 1, time: '10:00' }, '2027-03-15T12:00:00Z', BERLIN, '2027-04-01T08:00:00.000Z'],
    ['an unknown zone reads as UTC', { kind: 'weekly', weekday: 3, time: '08:00' }, '2026-11-23T12:00:00Z', 'Mars/Olympus', '2026-11-25T08:00:00.000Z'],
  ])('%s', (_name, schedule, after, zone, expected) => {
    expect(nextRunAt(schedule, at(after), zone)?.toISOString() ?? null).toBe(expected);
  });
});

describe('occurrenceNear and periodKey', () => {
  const weekly: RecurringSchedule = { kind: 'weekly', weekday: 1, time: '09:00' };
  const monthly: RecurringSchedule = { kind: 'monthly', day: 1, time: '00:30' };

  it.each<[string, RecurringSchedule, string, string, string]>([
    ['weekly, fired on time', weekly, '2026-11-23T08:00:00Z', '2026-11-23T08:00:00.000Z', '2026-W48'],
    ['weekly, fired late', weekly, '2026-11-24T20:00:00Z', '2026-11-23T08:00:00.000Z', '2026-W48'],
    ['weekly, fired a little early', weekly, '2026-11-23T07:59:58Z', '2026-11-23T08:00:00.000Z', '2026-W48'],
    ['weekly, the week of New Year belongs to the next ISO year', { kind: 'weekly', weekday: 4, time: '09:00' }, '2026-12-31T08:00:00Z', '2026-12-31T08:00:00.000Z', '2026-W53'],
    // 00:30 on the 1st in Berlin is still the last day of the month before in UTC: the shop's month counts.
    ['monthly, the shop’s month', monthly, '2026-11-30T23:30:00Z', '2026-11-30T23:30:00.000Z', '2026-12'],
    ['monthly, fired late', monthly, '2026-12-03T10:00:00Z', '2026-11-30T23:30:00.000Z', '2026-12'],
  ])('%s', (_name, schedule, firedAt, occurrence, key) => {
    const found = occurrenceNear(schedule, at(firedAt), BERLIN);
    expect(found.toISOString()).toBe(occurrence);
    expect(periodKey(schedule, found, BERLIN)).toBe(key);
  });

  it('once has one period', () => {
    expect(periodKey({ kind: 'once', runAt: at('2026-12-01T09:00:00Z') }, at('2026-12-01T09:00:00Z'), BERLIN)).toBe('once');
  });

  it.each([
    [2026, 1, 1, '2026-W01'],
    [2027, 1, 1, '2026-W53'],
    [2024, 12, 30, '2025-W01'],
    [2026, 11, 23, '2026-W48'],
  ])('isoWeekKey(%i-%i-%i) = %s', (y, m, d, key) => {
    expect(isoWeekKey(y, m, d)).toBe(key);
  });
});

describe('cronPattern', () => {
  it.each<[RecurringSchedule, string]>([
    [{ kind: 'weekly', weekday: 1, time: '09:30' }, '30 9 * * 1'],
    [{ kind: 'weekly', weekday: 7, time: '00:00' }, '0 0 * * 0'],
    [{ kind: 'monthly', day: 28, time: '23:05' }, '5 23 28 * *'],
  ])('%j → %s', (schedule, pattern) => {
    expect(cronPattern(schedule)).toBe(pattern);
  });
});
