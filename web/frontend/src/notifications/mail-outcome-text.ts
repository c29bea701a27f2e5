/**
 * Why a mail of the mail log was not sent, in the merchant's words. A skipped mail's reason is a code the server
 * stores (worded here); a failure has no code, only what the mail server or the sender said (English), which is
 * quoted inside a sentence in the merchant's language. Pure (type imports only): the unit test in web/test/browser
 * imports it under NodeNext.
 */
import type { MailLogEntry, MailSkipReason } from '../../../src/admin-api/wire/index.js';

export type MailOutcomeMessageKey =
  | `notifications.activity.skipReasons.${MailSkipReason | 'other'}`
  | 'notifications.activity.skippedDetail'
  | 'notifications.activity.failedDetail'
  | 'notifications.activity.failedUnknown'
  | 'notifications.activity.retrying';
export type MailOutcomePluralKey = 'notifications.activity.gaveUp';

/** The admin's translation functions, as far as mail outcomes need them (useI18n's `t` and `tp`). */
export interface MailOutcomeWording {
  t(key: MailOutcomeMessageKey, vars?: Record<string, string | number>): string;
  tp(key: MailOutcomePluralKey, count: number): string;
}

/** The reason of a mail not sent (or not sent yet after a failed attempt); null for a sent or a waiting mail. */
export function mailOutcomeText(mail: Pick<MailLogEntry, 'outcome' | 'skipReason' | 'detail' | 'attempts'>, { t, tp }: MailOutcomeWording): string | null {
  const { detail } = mail;
  switch (mail.outcome) {
    case 'sent':
      return null;
    case 'skipped':
      if (mail.skipReason) return t(`notifications.activity.skipReasons.${mail.skipReason}`);
      return detail ? t('notifications.activity.skippedDetail', { detail }) : t('notifications.activity.skipReasons.other');
    case 'failed': {
      const failed = detail ? t('notifications.activity.failedDetail', { detail }) : t('notifications.activity.failedUnknown');
      // One attempt: the mail server refused it for good at once; more: every attempt failed.
      return mail.attempts > 1 ? `${failed} ${tp('notifications.activity.gaveUp', mail.attempts)}` : failed;
    }
    case 'pending':
      return detail ? t('notifications.activity.retrying', { detail }) : null;
  }
}
