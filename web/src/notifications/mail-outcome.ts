import { SKIP_REASONS, type SkipReason } from './decide.js';
import type { MailOutcomeCount, MailStatus } from './mail-log-repository.js';

/** What the merchant reads of a mail's outcome besides its status. */
export interface MailOutcomeDetail {
  /** Skipped: the stored reason as a code the admin words; null when the stored text is no known code. */
  skipReason: SkipReason | null;
  /**
   * The stored text where there is no code: the mail server's answer or the error of a failed mail (also of a pending
   * one retrying after a failed attempt), or a skip reason of no known code. As stored: an SMTP answer may quote the
   * address the mail went to, which tells the merchant which address bounced when the customer's has changed since
   * (the admin shows customers' addresses anyway; an erased customer's rows are gone with them).
   */
  detail: string | null;
}

const isSkipReason = (text: string): text is SkipReason => (SKIP_REASONS as readonly string[]).includes(text);

/** A row's `status` and `error` as the mail log shows them. */
export function mailOutcomeDetail(status: MailStatus, error: string | null): MailOutcomeDetail {
  if (error === null || status === 'sent') return { skipReason: null, detail: null };
  if (status === 'skipped' && isSkipReason(error)) return { skipReason: error, detail: null };
  return { skipReason: null, detail: error };
}

/** The counts of a period: every status and every skip reason (0 when none), `other` for a reason of no known code. */
export interface MailOutcomeTotals {
  byStatus: Record<MailStatus, number>;
  skippedByReason: Record<SkipReason | 'other', number>;
}

export function mailOutcomeTotals(counts: readonly MailOutcomeCount[]): MailOutcomeTotals {
  const totals: MailOutcomeTotals = {
    byStatus: { sent: 0, failed: 0, skipped: 0, pending: 0 },
    skippedByReason: { shop_uninstalled: 0, kind_disabled: 0, unsubscribed: 0, no_email: 0, smtp_not_configured: 0, other: 0 },
  };
  for (const { status, reason, count } of counts) {
    totals.byStatus[status] += count;
    if (status === 'skipped') totals.skippedByReason[reason !== null && isSkipReason(reason) ? reason : 'other'] += count;
  }
  return totals;
}
