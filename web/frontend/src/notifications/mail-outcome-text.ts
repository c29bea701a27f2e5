/**
 * Why a mail of the mail log was not sent, in the merchant's words. A skipped mail's reason and a failure's are codes
 * the server stores (worded here); a failure's detail (what the mail server answered, or the error where no answer
 * came, in English) is quoted after it. A failure recorded before codes has only its detail, quoted inside a sentence
 * in the merchant's language. Pure (type imports only): the unit test in web/test/browser imports it under NodeNext.
 */
import type { MailFailureReason, MailLogEntry, MailSkipReason } from '../../../src/admin-api/wire/index.js';

export type MailOutcomeMessageKey =
  | `notifications.activity.skipReasons.${MailSkipReason | 'other'}`
  | `notifications.activity.failureReasons.${MailFailureReason}`
  | 'notifications.activity.skippedDetail'
  | 'notifications.activity.failedDetail'
  | 'notifications.activity.failedUnknown'
  | 'notifications.activity.failedBecause'
  | 'notifications.activity.lastAttemptFailedBecause'
  | 'notifications.activity.serverAnswer'
  | 'notifications.activity.triesAgain'
  | 'notifications.activity.retrying';
export type MailOutcomePluralKey = 'notifications.activity.gaveUp';

/** The admin's translation functions, as far as mail outcomes need them (useI18n's `t` and `tp`). */
export interface MailOutcomeWording {
  t(key: MailOutcomeMessageKey, vars?: Record<string, string | number>): string;
  tp(key: MailOutcomePluralKey, count: number): string;
}

type MailOutcomeFields = Pick<MailLogEntry, 'outcome' | 'skipReason' | 'failureReason' | 'detail' | 'gaveUpAfter'>;

/** A coded failure: its reason, the server's answer quoted, then whether Loyale gave up or tries again. */
function codedFailureText(mail: MailOutcomeFields, reason: MailFailureReason, { t, tp }: MailOutcomeWording): string {
  const worded = t(`notifications.activity.failureReasons.${reason}`);
  const parts = [t(mail.outcome === 'failed' ? 'notifications.activity.failedBecause' : 'notifications.activity.lastAttemptFailedBecause', { reason: worded })];
  if (mail.detail) parts.push(t('notifications.activity.serverAnswer', { detail: mail.detail }));
  if (mail.outcome === 'pending') parts.push(t('notifications.activity.triesAgain'));
  else if (mail.gaveUpAfter !== null) parts.push(tp('notifications.activity.gaveUp', mail.gaveUpAfter));
  return parts.join(' ');
}

/** The reason of a mail not sent (or not sent yet after a failed attempt); null for a sent or a waiting mail. */
export function mailOutcomeText(mail: MailOutcomeFields, wording: MailOutcomeWording): string | null {
  const { t, tp } = wording;
  const { detail } = mail;
  switch (mail.outcome) {
    case 'sent':
      return null;
    case 'skipped':
      if (mail.skipReason) return t(`notifications.activity.skipReasons.${mail.skipReason}`);
      return detail ? t('notifications.activity.skippedDetail', { detail }) : t('notifications.activity.skipReasons.other');
    case 'failed': {
      if (mail.failureReason) return codedFailureText(mail, mail.failureReason, wording);
      const failed = detail ? t('notifications.activity.failedDetail', { detail }) : t('notifications.activity.failedUnknown');
      return mail.gaveUpAfter === null ? failed : `${failed} ${tp('notifications.activity.gaveUp', mail.gaveUpAfter)}`;
    }
    case 'pending':
      if (mail.failureReason) return codedFailureText(mail, mail.failureReason, wording);
      return detail ? t('notifications.activity.retrying', { detail }) : null;
  }
}
