import { knownCode } from '../rewards/issue-failure.js';
import { SKIP_REASONS, type SkipReason } from './decide.js';
import { isFinalMailFailure, MAIL_FAILURE_CODES, type MailFailureCode } from './mail-failure.js';
import type { MailLogRecord, MailOutcomeCount, MailStatus } from './mail-log-repository.js';

/** What the merchant reads of a mail's outcome besides its status. */
export interface MailOutcomeDetail {
  /** Skipped: the stored reason as a code the admin words; null when the stored text is no known code. */
  skipReason: SkipReason | null;
  /**
   * Failed, or pending after a failed attempt: what went wrong as a code the admin words; null for a row that did not
   * fail, and for one recorded before codes (or with a code this version does not know), which has only `detail`.
   */
  failureReason: MailFailureCode | null;
  /**
   * Failed or pending after a failed attempt: the stored detail, the mail server's answer (or the error where no answer
   * came), with or without a code; skipped: a reason of no known code. As stored: an SMTP answer may quote the address
   * the mail went to, which tells the merchant which address bounced when the customer's has changed since (the admin
   * shows customers' addresses anyway; an erased customer's rows are gone with them).
   */
  detail: string | null;
  /**
   * Failed: the attempts after which the mail was given up, when it could have passed (the server unreachable, a login
   * refused, a server asking to try later); null for a mail refused for good, and for every other outcome. A failure
   * without a code counts as given up when it took more than one attempt (a refusal for good ends at the first).
   */
  gaveUpAfter: number | null;
}

const isSkipReason = (text: string): text is SkipReason => (SKIP_REASONS as readonly string[]).includes(text);

const NOTHING: MailOutcomeDetail = { skipReason: null, failureReason: null, detail: null, gaveUpAfter: null };

/** A row's status, stored reason or failure, and attempts as the mail log shows them. */
export function mailOutcomeDetail(row: Pick<MailLogRecord, 'status' | 'error' | 'errorCode' | 'attempts'>): MailOutcomeDetail {
  const { status, error, attempts } = row;
  if (status === 'sent') return NOTHING;
  if (status === 'skipped') {
    if (error === null) return NOTHING;
    return isSkipReason(error) ? { ...NOTHING, skipReason: error } : { ...NOTHING, detail: error };
  }
  const failureReason = knownCode(MAIL_FAILURE_CODES, row.errorCode);
  const couldHavePassed = failureReason === null ? attempts > 1 : !isFinalMailFailure(failureReason);
  const gaveUpAfter = status === 'failed' && couldHavePassed ? attempts : null;
  return { skipReason: null, failureReason, detail: error, gaveUpAfter };
}

/** The counts of a period: every status and every skip reason (0 when none), `other` for a reason of no known code. */
export interface MailOutcomeTotals {
  byStatus: Record<MailStatus, number>;
  skippedByReason: Record<SkipReason | 'other', number>;
}

export function mailOutcomeTotals(counts: readonly MailOutcomeCount[]): MailOutcomeTotals {
  const totals: MailOutcomeTotals = {
    byStatus: { sent: 0, failed: 0, skipped: 0, pending: 0 },
    skippedByReason: { shop_uninstalled: 0, kind_disabled: 0, unsubscribed: 0, no_email: 0, smtp_not_configured: 0, no_longer_due: 0, other: 0 },
  };
  for (const { status, reason, count } of counts) {
    totals.byStatus[status] += count;
    if (status === 'skipped') totals.skippedByReason[reason !== null && isSkipReason(reason) ? reason : 'other'] += count;
  }
  return totals;
}
