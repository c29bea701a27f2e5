import { domainIssue, type Invalid } from '../validation/field-errors.js';

/** Days of a range, both ends included, as `YYYY-MM-DD` in the shop's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

/** The dashboard's range without one given: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range the dashboard answers (a leap year). */
export const MAX_RANGE_DAYS = 366;

const MS_PER_DAY = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** `day` moved by `days` (calendar arithmetic on the date itself, no time zone involved). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);

/** `timeZone` when it is an IANA time zone name this runtime knows, else UTC (a shop's zone comes from outside). */
export function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  const zone = knownTimeZone(timeZone);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The range asked for, with the defaults filled in: `to` defaults to today, `from` to the 30 days ending at `to`.
 * Both must be calendar dates (checked at the edge); `from` must not come after `to`, and the range may span at
 * most 366 days.
 */
export function resolveRange(
  asked: { from?: string | undefined; to?: string | undefined },
  today: string,
): { ok: true; range: DayRange } | Invalid {
  const to = asked.to ?? today;
  const from = asked.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) return { ok: false, issues: { from: domainIssue('range_reversed') } };
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    return { ok: false, issues: { to: domainIssue('range_too_long', { maximum: MAX_RANGE_DAYS }) } };
  }
  return { ok: true, range: { from, to } };
}
