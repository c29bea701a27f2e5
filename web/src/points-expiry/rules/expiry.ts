import { addCalendarDays, localDateTime, zonedInstant } from '../../campaigns/rules/zoned.js';

/**
 * Points expiry: a member's points expire after the program's number of months without activity, counted in calendar
 * months of the shop's time zone. Activity on a day D keeps the points for the whole day D + N months (a day the month
 * lacks is its last day: 31 January + 3 months is 30 April); they expire when that day ends in the shop's zone (its
 * next day's first instant, also across a DST change). What counts as activity is decided in SQL
 * (../repository.ts `ACTIVITY`); these rules work on its latest time.
 */

/** The months a merchant may choose; null in the program = points never expire (the default). */
export const EXPIRY_MONTHS = { min: 3, max: 36 } as const;

/** A calendar date; `month` 1..12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** When a member's points expire. */
export interface PointsExpiry {
  /** The last day they hold the points, `YYYY-MM-DD` in the shop's zone: what shoppers read ("expire on"). */
  date: string;
  /** The instant they expire: the end of `date` in the shop's zone. */
  at: Date;
}

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `date` plus `months` calendar months (negative: back); a day the target month lacks becomes its last day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, lastDayOf(year, month)) };
}

const compare = (a: CalendarDate, b: CalendarDate) => a.year - b.year || a.month - b.month || a.day - b.day;
const next = (date: CalendarDate) => addCalendarDays(date.year, date.month, date.day, 1);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoDate = (date: CalendarDate) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

/** The first instant of `date` in `timeZone` (a midnight the clock skips lands on the day's first real instant). */
const startOf = (date: CalendarDate, timeZone: string) => zonedInstant(date.year, date.month, date.day, 0, 0, timeZone);

/** When points kept alive by activity at `lastActivity` expire, `months` later in `timeZone` (an unknown zone reads as UTC). */
export function pointsExpiry(lastActivity: Date, months: number, timeZone: string): PointsExpiry {
  const last = addMonths(localDateTime(lastActivity, timeZone), months);
  return { date: isoDate(last), at: startOf(next(last), timeZone) };
}

/**
 * The activity cutoff at `now`: points whose latest activity lies before it have expired by `now` (pointsExpiry's
 * `at` <= now), those with activity at or after it have not. One instant for the whole shop, so the job asks the
 * database for "no activity since the cutoff" instead of computing every member's date.
 */
export function expiryCutoff(now: Date, months: number, timeZone: string): Date {
  const local = localDateTime(now, timeZone);
  // Expired by now: the last day D + N months lies before today. addMonths is monotonic, so those days D are the ones up
  // to some latest day: back N months from yesterday, then forward over the days that a short month folded onto it.
  const yesterday = addCalendarDays(local.year, local.month, local.day, -1);
  let latest = addMonths(yesterday, -months);
  while (compare(addMonths(next(latest), months), yesterday) <= 0) latest = next(latest);
  return startOf(next(latest), timeZone);
}

/**
 * The reminder's cutoff at `now`: points whose latest activity lies before it are held through a day no later than
 * `leadDays` days after today (in the shop's zone), so their reminder is due; with expiryCutoff's as the lower end,
 * those not expired yet. Points held through the day `leadDays` ahead have expired by the day after: that day's cutoff
 * (taken at its noon, clear of any DST change).
 */
export function reminderCutoff(now: Date, months: number, timeZone: string, leadDays: number): Date {
  const local = localDateTime(now, timeZone);
  const ahead = addCalendarDays(local.year, local.month, local.day, leadDays + 1);
  return expiryCutoff(zonedInstant(ahead.year, ahead.month, ahead.day, 12, 0, timeZone), months, timeZone);
}

/** The points a member holds now and the last day they hold them. */
export interface UpcomingExpiry {
  points: number;
  /** `YYYY-MM-DD` in the shop's zone (PointsExpiry's `date`). */
  date: string;
}

/** What the member is told will expire: their whole balance on its date; null when they have no points to lose. */
export function upcomingExpiry(points: number, lastActivity: Date, months: number, timeZone: string): UpcomingExpiry | null {
  return points > 0 ? { points, date: pointsExpiry(lastActivity, months, timeZone).date } : null;
}
