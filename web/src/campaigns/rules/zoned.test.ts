import { describe, expect, it } from 'vitest';
import { instantOf, localDateTime, zonedInstant } from './zoned.js';

describe('zoned time', () => {
  it.each([
    ['2026-12-01T09:00', 'Europe/Berlin', '2026-12-01T08:00:00.000Z'],
    ['2026-07-01T09:00', 'Europe/Berlin', '2026-07-01T07:00:00.000Z'],
    ['2026-12-01T09:00:30', 'America/New_York', '2026-12-01T14:00:00.000Z'],
    ['2026-12-01T09:00:00Z', 'Europe/Berlin', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00+05:30', 'Europe/Berlin', '2026-12-01T03:30:00.000Z'],
    // 02:30 does not exist in Berlin on 2027-03-28 (clocks jump from 02:00 to 03:00): just after the gap.
    ['2027-03-28T02:30', 'Europe/Berlin', '2027-03-28T01:30:00.000Z'],
    // West of UTC too: 02:30 on 2027-03-14 in New York is 03:30 EDT (not 01:30 EST, an hour before the time asked).
    ['2027-03-14T02:30', 'America/New_York', '2027-03-14T07:30:00.000Z'],
    ['2027-03-14T03:30', 'America/New_York', '2027-03-14T07:30:00.000Z'],
    // A time the clock shows twice (fall back) is one of its instants: the first.
    ['2027-11-07T01:30', 'America/New_York', '2027-11-07T05:30:00.000Z'],
  ])('instantOf(%s, %s) = %s', (dateTime, zone, expected) => {
    expect(instantOf(dateTime, zone).toISOString()).toBe(expected);
  });

  it('zonedInstant and localDateTime are inverse', () => {
    const instant = zonedInstant(2026, 11, 23, 17, 45, 'Asia/Tokyo');
    expect(localDateTime(instant, 'Asia/Tokyo')).toMatchObject({ year: 2026, month: 11, day: 23, hour: 17, minute: 45, weekday: 1 });
  });
});
