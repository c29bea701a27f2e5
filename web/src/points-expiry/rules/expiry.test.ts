import { describe, expect, it } from 'vitest';
import { addMonths, expiryCutoff, isoDate, pointsExpiry, reminderCutoff, upcomingExpiry } from './expiry.js';
import { addCalendarDays, localDateTime } from '../../campaigns/rules/zoned.js';

describe('addMonths', () => {
  it.each([
    [{ year: 2026, month: 1, day: 15 }, 3, { year: 2026, month: 4, day: 15 }],
    [{ year: 2026, month: 1, day: 31 }, 3, { year: 2026, month: 4, day: 30 }],
    [{ year: 2026, month: 11, day: 30 }, 3, { year: 2027, month: 2, day: 28 }],
    [{ year: 2027, month: 11, day: 30 }, 3, { year: 2028, month: 2, day: 29 }], // leap year
    [{ year: 2028, month: 2, day: 29 }, 12, { year: 2029, month: 2, day: 28 }],
    [{ year: 2026, month: 12, day: 31 }, 36, { year: 2029, month: 12, day: 31 }],
    [{ year: 2026, month: 3, day: 31 }, -1, { year: 2026, month: 2, day: 28 }],
    [{ year: 2026, month: 1, day: 10 }, -1, { year: 2025, month: 12, day: 10 }],
  ])('%o + %i months = %o', (date, months, expected) => {
    expect(addMonths(date, months)).toEqual(expected);
  });
});

describe('pointsExpiry', () => {
  it.each<[string, string, number, string, string, string]>([
    ['a plain date', '2026-01-15T10:00:00Z', 12, 'UTC', '2027-01-15', '2027-01-16T00:00:00.000Z'],
    ['the month end of a shorter month', '2026-01-31T10:00:00Z', 3, 'UTC', '2026-04-30', '2026-05-01T00:00:00.000Z'],
    ['February of a leap year', '2027-11-30T12:00:00Z', 3, 'UTC', '2028-02-29', '2028-03-01T00:00:00.000Z'],
    // 23:30 UTC on 31 Dec is already 1 January in Berlin: the shop's date counts, not UTC's.
    ['the shop zone moving the day', '2026-12-31T23:30:00Z', 3, 'Europe/Berlin', '2027-04-01', '2027-04-01T22:00:00.000Z'],
    ['the shop zone west of UTC', '2026-03-01T03:00:00Z', 3, 'America/New_York', '2026-05-28', '2026-05-29T04:00:00.000Z'],
    // Ends at Berlin's midnight in summer time (UTC+2) though the activity was in winter time (UTC+1).
    ['winter activity, summer expiry', '2026-01-10T12:00:00Z', 6, 'Europe/Berlin', '2026-07-10', '2026-07-10T22:00:00.000Z'],
    // The day before the clocks go back in Berlin (25 Oct 2026): the expiry day has 25 hours, it ends at 23:00 UTC.
    ['an expiry day with 25 hours', '2026-07-25T08:00:00Z', 3, 'Europe/Berlin', '2026-10-25', '2026-10-25T23:00:00.000Z'],
    // Santiago skips midnight on the first Sunday of September (00:00 -> 01:00): the next day starts at 01:00 local.
    ['a next day whose midnight the clock skips', '2026-06-05T15:00:00Z', 3, 'America/Santiago', '2026-09-05', '2026-09-06T04:00:00.000Z'],
    ['an unknown zone, as UTC', '2026-01-15T23:30:00Z', 3, 'Mars/Olympus', '2026-04-15', '2026-04-16T00:00:00.000Z'],
  ])('%s', (_case, activity, months, zone, date, at) => {
    expect(pointsExpiry(new Date(activity), months, zone)).toEqual({ date, at: new Date(at) });
  });
});

describe('expiryCutoff', () => {
  it.each<[string, string, number, string, string]>([
    ['a plain day', '2027-01-16T09:00:00Z', 12, 'UTC', '2026-01-16T00:00:00.000Z'],
    // On 1 May every activity up to 31 January has expired (31 Jan + 3 months = 30 April, ended).
    ['after a short month, the folded days with it', '2026-05-01T09:00:00Z', 3, 'UTC', '2026-02-01T00:00:00.000Z'],
    ['within a short month, not yet', '2026-04-30T09:00:00Z', 3, 'UTC', '2026-01-30T00:00:00.000Z'],
    ['in the shop zone', '2027-04-01T22:30:00Z', 3, 'Europe/Berlin', '2027-01-01T23:00:00.000Z'],
  ])('%s', (_case, now, months, zone, cutoff) => {
    expect(expiryCutoff(new Date(now), months, zone)).toEqual(new Date(cutoff));
  });

  // The job asks "no activity since the cutoff" of the database; shoppers are told pointsExpiry's date. Both must agree
  // for every activity and every moment: around month ends, leap days and DST changes, east and west of UTC.
  it.each([
    ['UTC', 3],
    ['Europe/Berlin', 3],
    ['Europe/Berlin', 12],
    ['America/New_York', 6],
    ['America/Santiago', 3],
    ['Pacific/Auckland', 36],
    ['Asia/Kolkata', 13],
  ])('agrees with pointsExpiry in %s after %i months', (zone, months) => {
    const HOUR = 3_600_000;
    const start = Date.UTC(2027, 10, 20); // activities from late November 2027 over the leap February to March 2028
    for (let activity = start; activity < start + 130 * 24 * HOUR; activity += 7 * HOUR) {
      const expiry = pointsExpiry(new Date(activity), months, zone);
      for (const probe of [expiry.at.getTime() - 1, expiry.at.getTime(), expiry.at.getTime() + 5 * HOUR]) {
        const cutoff = expiryCutoff(new Date(probe), months, zone);
        expect({ activity: new Date(activity), probe: new Date(probe), expired: activity < cutoff.getTime() }).toEqual({
          activity: new Date(activity),
          probe: new Date(probe),
          expired: expiry.at.getTime() <= probe,
        });
      }
    }
  });
});

describe('upcomingExpiry', () => {
  it.each<[string, number, { points: number; date: string } | null]>([
    ['a positive balance: all of it, on its date', 120, { points: 120, date: '2026-04-30' }],
    ['no points: nothing to tell', 0, null],
    ['a negative balance: nothing to tell', -40, null],
  ])('%s', (_case, points, expected) => {
    expect(upcomingExpiry(points, new Date('2026-01-31T12:00:00Z'), 3, 'Europe/Berlin')).toEqual(expected);
  });
});

describe('reminderCutoff', () => {
  it('is the cutoff of the day the lead ahead: on 16 April, points held through 30 April are due a reminder 14 days ahead', () => {
    expect(reminderCutoff(new Date('2026-04-16T09:00:00Z'), 3, 'UTC', 14)).toEqual(expiryCutoff(new Date('2026-05-01T09:00:00Z'), 3, 'UTC'));
    // 31 January + 3 months is 30 April: due on 16 April, not on 15 April.
    const activity = new Date('2026-01-31T10:00:00Z').getTime();
    expect(activity < reminderCutoff(new Date('2026-04-16T09:00:00Z'), 3, 'UTC', 14).getTime()).toBe(true);
    expect(activity < reminderCutoff(new Date('2026-04-15T23:00:00Z'), 3, 'UTC', 14).getTime()).toBe(false);
  });

  // A reminder is due when the last day the points are held lies at most `lead` days after today, in the shop's zone.
  it.each([
    ['Europe/Berlin', 3, 14],
    ['America/New_York', 12, 14],
    ['America/Santiago', 6, 7],
  ])('agrees with pointsExpiry in %s after %i months, %i days ahead', (zone, months, lead) => {
    const HOUR = 3_600_000;
    const start = Date.UTC(2027, 8, 1);
    const disagreements: unknown[] = [];
    for (let now = start; now < start + 200 * 24 * HOUR; now += 13 * HOUR) {
      const today = localDateTime(new Date(now), zone);
      const last = isoDate(addCalendarDays(today.year, today.month, today.day, lead));
      const cutoff = reminderCutoff(new Date(now), months, zone, lead).getTime();
      for (const activity of [cutoff - 1, cutoff, cutoff - 6 * HOUR, cutoff + 6 * HOUR]) {
        const due = pointsExpiry(new Date(activity), months, zone).date <= last;
        if (due !== activity < cutoff) disagreements.push({ now: new Date(now), activity: new Date(activity), due });
      }
    }
    expect(disagreements).toEqual([]);
  });
});
