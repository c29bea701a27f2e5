import type { I18n } from '../i18n/I18nProvider';
import type { CampaignSchedule } from './types';

/** The name of an ISO weekday (1 = Monday) in the locale: 2024-01-01 was a Monday. */
export function weekdayName(locale: string, weekday: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
}

/** Date and time on the shop's clock (a campaign's times are the shop's, wherever the merchant is). */
export function shopDateTime(locale: string, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** "Every Monday at 09:00", "Once, 1 Dec 2026, 09:00" (shop time). */
export function scheduleSummary(i18n: Pick<I18n, 't' | 'locale'>, schedule: CampaignSchedule, timeZone: string): string {
  const { t, locale } = i18n;
  switch (schedule.kind) {
    case 'once':
      return t('campaigns.schedule.summary.once', { date: shopDateTime(locale, schedule.runAt, timeZone) });
    case 'weekly':
      return t('campaigns.schedule.summary.weekly', { weekday: weekdayName(locale, schedule.weekday), time: schedule.time });
    case 'monthly':
      return t('campaigns.schedule.summary.monthly', { day: schedule.day, time: schedule.time });
  }
}
