import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../frontend/src/i18n/format.js';

/** The admin's numbers and dates: in the merchant's language, dates on the shop's clock. */
describe('the admin formatters', () => {
  it.each([
    ['de', '2026-03', 'März 2026'],
    ['en', '2026-03', 'March 2026'],
    ['de', '2026-12', 'Dezember 2026'],
    ['en', 'not-a-month', 'not-a-month'],
    ['en', '2026-13', '2026-13'],
  ] as const)('month (%s) %s → %s', (locale, key, expected) => {
    expect(createFormatters(locale).month(key)).toBe(expected);
  });

  // [locale, shop's zone, value, date, date and time]: the shop's day, not the browser's (this process runs in UTC
  // or anywhere else: the answers do not depend on it).
  it.each([
    ['de', 'Europe/Berlin', '2026-03-01T23:30:00Z', '02.03.2026', '02.03.2026, 00:30'],
    ['de', 'America/Los_Angeles', '2026-03-01T05:00:00Z', '28.02.2026', '28.02.2026, 21:00'],
    ['en', 'Asia/Tokyo', '2026-12-31T16:00:00Z', 'Jan 1, 2027', 'Jan 1, 2027, 1:00 AM'],
    // An unknown zone: UTC, as the shop's mails.
    ['en', 'Mars/Olympus_Mons', '2026-03-01T23:30:00Z', 'Mar 1, 2026', 'Mar 1, 2026, 11:30 PM'],
  ] as const)('%s in %s: %s → %s / %s', (locale, timeZone, iso, date, dateTime) => {
    const format = createFormatters(locale, timeZone);
    expect(format.date(iso)).toBe(date);
    expect(format.dateTime(iso).replace(/\u202f/g, ' ')).toBe(dateTime);
  });

  it.each([
    ['America/Los_Angeles', 'Mar 1, 2026'],
    ['Pacific/Kiritimati', 'Mar 1, 2026'],
  ])('a calendar date stays that date in %s', (timeZone, expected) => {
    expect(createFormatters('en', timeZone).date('2026-03-01')).toBe(expected);
  });
});
