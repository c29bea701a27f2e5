import { knownTimeZone } from '../../analytics/range.js';

/** A wall-clock date and time in some time zone. */
export interface LocalDateTime {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday .. 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** `instant` as the clock on the wall in `timeZone` shows it (an unknown zone reads as UTC). */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts = Object.fromEntries(formatIn(knownTimeZone(timeZone)).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
  };
}

/** How far the clock in `timeZone` is ahead of UTC at `instant` (ms). */
function offsetAt(instant: number, timeZone: string): number {
  const shown = localDateTime(new Date(instant), timeZone);
  return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second) - instant;
}

/**
 * The instant at which the clock in `timeZone` shows the given date and time. The zone's offset is read at a first
 * guess and corrected once more, which settles it also across a DST change. A time the clock skips (spring forward)
 * is taken at the offset before the change, so it lands as far past the gap as it was into it (02:30 → 03:30), as a
 * cron schedule fires, east and west of UTC alike.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let instant = wall;
  for (let pass = 0; pass < 2; pass++) instant = wall - offsetAt(instant, timeZone);
  const shown = localDateTime(new Date(instant), timeZone);
  if (shown.day === day && shown.hour === hour && shown.minute === minute) return new Date(instant);
  return new Date(wall - offsetAt(wall - 12 * 3_600_000, timeZone));
}

/** The calendar date `days` after the given one (plain date arithmetic). */
export function addCalendarDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The instant an ISO date-time names: with an offset (`…Z`, `…+01:00`) as it says, without one (`2026-12-01T09:00`)
 * as the wall-clock time in `timeZone` (the shop's), which is how a merchant thinks of "when it runs".
 */
export function instantOf(dateTime: string, timeZone: string): Date {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(dateTime);
  if (!local) return new Date(dateTime);
  const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
  return zonedInstant(year, month, day, hour, minute, timeZone);
}
