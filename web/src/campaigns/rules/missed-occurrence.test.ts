import { describe, expect, it } from 'vitest';
import { occurrenceToCatchUp } from './missed-occurrence.js';
import { lastRunAt, type RecurringSchedule } from './schedule.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
// 2026-11-23 is a Monday; Berlin is UTC+1 in winter.
const MONDAY_9 = { kind: 'weekly', weekday: 1, time: '09:00' } as const satisfies RecurringSchedule;
const LONG_AGO = { changedAt: at('2026-01-01T00:00:00Z'), installedAt: at('2026-01-01T00:00:00Z') };

describe('lastRunAt', () => {
  it.each<[string, RecurringSchedule, string, string]>([
    ['weekly, earlier the same day', MONDAY_9, '2026-11-23T12:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['weekly, exactly at the time: that one', MONDAY_9, '2026-11-23T08:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['weekly, just before the time: last week', MONDAY_9, '2026-11-23T07:59:00Z', '2026-11-16T08:00:00.000Z'],
    ['weekly, Sunday evening (the week\'s occurrence is on Monday)', MONDAY_9, '2026-11-29T20:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['monthly, later in the month', { kind: 'monthly', day: 1, time: '10:00' }, '2026-11-23T12:00:00Z', '2026-11-01T09:00:00.000Z'],
    ['monthly, before this month\'s: last month\'s', { kind: 'monthly', day: 28, time: '10:00' }, '2026-11-23T12:00:00Z', '2026-10-28T09:00:00.000Z'],
    ['monthly across the new year', { kind: 'monthly', day: 15, time: '10:00' }, '2027-01-10T12:00:00Z', '2026-12-15T09:00:00.000Z'],
  ])('%s', (_name, schedule, now, expected) => {
    expect(lastRunAt(schedule, at(now), BERLIN).toISOString()).toBe(expected);
  });
});

describe('occurrenceToCatchUp', () => {
  it('the latest occurrence once its job had its attempts (the grace)', () => {
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, LONG_AGO, at('2026-11-23T08:20:00Z'), 15 * MINUTE)?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('within the grace its own job may still run it: the one before is looked at instead', () => {
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, LONG_AGO, at('2026-11-23T08:10:00Z'), 15 * MINUTE)?.toISOString()).toBe('2026-11-16T08:00:00.000Z');
  });

  it('an occurrence before the campaign was last saved (another schedule, or switched off then): none', () => {
    const savedAfter = { ...LONG_AGO, changedAt: at('2026-11-23T08:05:00Z') };
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, savedAfter, at('2026-11-23T09:00:00Z'), 15 * MINUTE)).toBeNull();
    const savedBefore = { ...LONG_AGO, changedAt: at('2026-11-23T07:55:00Z') };
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, savedBefore, at('2026-11-23T09:00:00Z'), 15 * MINUTE)?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('an occurrence before the shop was (re)installed: none', () => {
    const reinstalled = { ...LONG_AGO, installedAt: at('2026-11-23T08:30:00Z') };
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, reinstalled, at('2026-11-23T09:00:00Z'), 15 * MINUTE)).toBeNull();
    const neverInstalled = { ...LONG_AGO, installedAt: null };
    expect(occurrenceToCatchUp(MONDAY_9, BERLIN, neverInstalled, at('2026-11-23T09:00:00Z'), 15 * MINUTE)?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('monthly, in the shop\'s zone', () => {
    const schedule = { kind: 'monthly', day: 1, time: '00:30' } as const;
    // 00:30 in New York on 1 December is 05:30 UTC.
    expect(occurrenceToCatchUp(schedule, 'America/New_York', LONG_AGO, at('2026-12-01T06:00:00Z'), 15 * MINUTE)?.toISOString()).toBe('2026-12-01T05:30:00.000Z');
  });
});
