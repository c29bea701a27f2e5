import { describe, expect, it } from 'vitest';
import type { CampaignInput, CampaignRecord } from './repository.js';
import { runAtIssues } from './save.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const once = (runAt: string): CampaignInput['schedule'] => ({ kind: 'once', runAt: new Date(runAt) });
const storedOnce = (runAt: string) => ({ schedule: once(runAt) }) as CampaignRecord;
const storedWeekly = { schedule: { kind: 'weekly', weekday: 1, time: '09:00' } } as CampaignRecord;

describe('runAtIssues', () => {
  it.each<[string, CampaignInput['schedule'], CampaignRecord | null]>([
    ['a weekly schedule', { kind: 'weekly', weekday: 1, time: '09:00' }, null],
    ['a time to come', once('2026-12-06T12:00:01Z'), null],
    ['a time 5 minutes ago (the grace)', once('2026-12-06T11:55:00Z'), null],
    ['a passed time left as stored', once('2026-01-15T08:00:30Z'), storedOnce('2026-01-15T08:00:30Z')],
    ['a passed time left as stored, sent to the minute', once('2026-01-15T08:00:00Z'), storedOnce('2026-01-15T08:00:30Z')],
    ['a 1970 time stored before the rule, left as it is', once('1970-01-01T00:00:00Z'), storedOnce('1970-01-01T00:00:00Z')],
    ['the last instant of year 9999', once('9999-12-31T23:59:59.999Z'), null],
  ])('takes %s', (_name, schedule, stored) => {
    expect(runAtIssues(schedule, stored, NOW)).toEqual({});
  });

  it.each<[string, CampaignInput['schedule'], CampaignRecord | null, string]>([
    ['a time 6 minutes ago', once('2026-12-06T11:54:00Z'), null, 'run_at_past'],
    ['1970', once('1970-01-01T00:00:00Z'), null, 'date_out_of_range'],
    ['a passed time changed to another', once('2026-01-15T08:01:00Z'), storedOnce('2026-01-15T08:00:30Z'), 'run_at_past'],
    ['a weekly campaign made once in the past', once('2026-11-01T08:00:00Z'), storedWeekly, 'run_at_past'],
    // Year 9999 written in a zone west of UTC: its instant is in year 10000.
    ['an instant in year 10000', once('+010000-01-01T07:59:00Z'), null, 'date_out_of_range'],
  ])('refuses %s', (_name, schedule, stored, code) => {
    expect(runAtIssues(schedule, stored, NOW)['schedule.runAt']?.code).toBe(code);
  });
});
