/**
 * The dashboard's day arithmetic and day labels: pure, no imports, so the unit tests load them as they are
 * (web/test/browser/admin-dashboard-range.test.ts).
 */

/** Days from `from` to `to` (`YYYY-MM-DD`), both included: the shape of the API's DateRange. */
interface DayRange {
  from: string;
  to: string;
}

/** The longest range the server answers (a leap year; web/src/analytics/range.ts, MAX_RANGE_DAYS). */
export const MAX_RANGE_DAYS = 366;

/** Days of `range`, both ends included. */
export function rangeDays(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Whether the range's days fall in more than one calendar year. */
export function spansYears(range: DayRange): boolean {
  return range.from.slice(0, 4) !== range.to.slice(0, 4);
}

/**
 * A day key (`YYYY-MM-DD`) as a short date in `locale`, with the year when `withYear` ("Mar 12, 2026"). The key already
 * is the shop's day, so it is formatted in UTC (no shift).
 */
export function dayFormatter(locale: string, withYear: boolean): (key: string) => string {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  return (key) => format.format(new Date(`${key}T00:00:00Z`));
}
