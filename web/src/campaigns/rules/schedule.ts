import { addCalendarDays, localDateTime, zonedInstant } from './zoned.js';

/** When a campaign runs: once at a time, or every week / month at a wall-clock time in the shop's time zone. */
export type Schedule =
  | { kind: 'once'; runAt: Date }
  /** `weekday`: ISO, 1 = Monday .. 7 = Sunday; `time`: `HH:MM`. */
  | { kind: 'weekly'; weekday: number; time: string }
  /** `day`: 1..28 (every month has it); `time`: `HH:MM`. */
  | { kind: 'monthly'; day: number; time: string };

export type RecurringSchedule = Exclude<Schedule, { kind: 'once' }>;

/** The period key of a `once` campaign: it has one period, so it runs once whatever happens. */
export const ONCE_PERIOD = 'once';

function clock(time: string): { hour: number; minute: number } {
  const [hour, minute] = time.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/**
 * The occurrences of a recurring schedule around `at`: the one in the period (week or month, in the shop's zone) that
 * holds `at`, and the ones before and after it, in time order.
 */
function occurrencesAround(schedule: RecurringSchedule, at: Date, timeZone: string): Date[] {
  const local = localDateTime(at, timeZone);
  const { hour, minute } = clock(schedule.time);
  if (schedule.kind === 'weekly') {
    const thisWeek = addCalendarDays(local.year, local.month, local.day, schedule.weekday - local.weekday);
    return [-7, 0, 7].map((offset) => {
      const date = addCalendarDays(thisWeek.year, thisWeek.month, thisWeek.day, offset);
      return zonedInstant(date.year, date.month, date.day, hour, minute, timeZone);
    });
  }
  return [-1, 0, 1].map((offset) => {
    const month = new Date(Date.UTC(local.year, local.month - 1 + offset, 1));
    return zonedInstant(month.getUTCFullYear(), month.getUTCMonth() + 1, schedule.day, hour, minute, timeZone);
  });
}

/** The next time the schedule runs strictly after `after`; null for a `once` schedule whose time has passed. */
export function nextRunAt(schedule: Schedule, after: Date, timeZone: string): Date | null {
  if (schedule.kind === 'once') return schedule.runAt > after ? schedule.runAt : null;
  return occurrencesAround(schedule, after, timeZone).find((occurrence) => occurrence > after) ?? null;
}

/** The last time a recurring schedule ran at or before `at` (the occurrence before `at`'s period is always earlier). */
export function lastRunAt(schedule: RecurringSchedule, at: Date, timeZone: string): Date {
  return occurrencesAround(schedule, at, timeZone)
    .filter((occurrence) => occurrence <= at)
    .reduce((latest, occurrence) => (occurrence > latest ? occurrence : latest));
}

/**
 * The occurrence a job firing at `firedAt` belongs to: the nearest one. Jobs fire a little late (a busy worker, a
 * restart) or, with clocks apart, a little early; occurrences are a week or more apart, so the nearest is the right one
 * and a repeated or delayed job lands in the same period.
 */
export function occurrenceNear(schedule: RecurringSchedule, firedAt: Date, timeZone: string): Date {
  const distance = (d: Date) => Math.abs(d.getTime() - firedAt.getTime());
  return occurrencesAround(schedule, firedAt, timeZone).reduce((best, d) => (distance(d) < distance(best) ? d : best));
}

/** ISO 8601 week of a calendar date: `2026-W48` (the week's year can differ from the date's near New Year). */
export function isoWeekKey(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/**
 * The key of the period an occurrence opens, in the shop's zone: `2026-W48` (weekly), `2026-11` (monthly), `once`.
 * Unique per campaign in the runs table: a repeat of the same period is the same run, also when the merchant moves
 * the weekday or day of the month within the period.
 */
export function periodKey(schedule: Schedule, occurrence: Date, timeZone: string): string {
  if (schedule.kind === 'once') return ONCE_PERIOD;
  const local = localDateTime(occurrence, timeZone);
  if (schedule.kind === 'weekly') return isoWeekKey(local.year, local.month, local.day);
  return `${local.year}-${String(local.month).padStart(2, '0')}`;
}

/** The cron pattern of a recurring schedule, for a BullMQ job scheduler with the shop's zone as `tz`. */
export function cronPattern(schedule: RecurringSchedule): string {
  const { hour, minute } = clock(schedule.time);
  // cron counts weekdays from Sunday = 0.
  if (schedule.kind === 'weekly') return `${minute} ${hour} * * ${schedule.weekday % 7}`;
  return `${minute} ${hour} ${schedule.day} * *`;
}
