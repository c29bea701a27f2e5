import type { Locale } from './locale.js';

/** Numbers, money, percentages and dates in the admin user's language. */
export interface Formatters {
  number(value: number): string;
  /** `amount` is a decimal string (the API's money format). */
  money(amount: string, currencyCode: string): string;
  /** `fraction` 0..1 → e.g. "12.5%". */
  percent(fraction: number): string;
  /** An ISO timestamp → its date on the shop's clock; a calendar date (`YYYY-MM-DD`) → that date. */
  date(iso: string): string;
  /** An ISO timestamp → date and time on the shop's clock. */
  dateTime(iso: string): string;
  /** A day key `YYYY-MM-DD` → a short date (no timezone shift: the key already is the shop's day). */
  day(key: string): string;
  /** A month key `YYYY-MM` → month and year ("März 2026"); anything else as it is. */
  month(key: string): string;
}

/** `timeZone` when Intl knows it, else UTC (as the shop's mails do). */
function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** A calendar date: a day, not an instant (no time zone moves it). */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `timeZone`: the shop's IANA zone (`GET /api/shop`), so that an order at 23:30 in Berlin is that day wherever the
 * merchant opens the admin. Without one (before the shop has loaded), the browser's.
 */
export function createFormatters(locale: Locale, timeZone?: string): Formatters {
  const zone = timeZone === undefined ? undefined : knownTimeZone(timeZone);
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
  const calendarDates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const days = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const months = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const money = new Map<string, Intl.NumberFormat>();
  return {
    number: (value) => numbers.format(value),
    money(amount, currencyCode) {
      let format = money.get(currencyCode);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency: currencyCode });
        money.set(currencyCode, format);
      }
      // Decimal strings go through Intl as strings, so large amounts keep their cents exactly.
      return format.format(amount as `${number}`);
    },
    percent: (fraction) => percents.format(fraction),
    date: (iso) => (CALENDAR_DATE.test(iso) ? calendarDates.format(new Date(`${iso}T00:00:00Z`)) : dates.format(new Date(iso))),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    day: (key) => days.format(new Date(`${key}T00:00:00Z`)),
    month: (key) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(key) ? months.format(new Date(`${key}-01T00:00:00Z`)) : key),
  };
}
