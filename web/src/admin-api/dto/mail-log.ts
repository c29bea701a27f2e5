import { z } from 'zod';
import type { SkipReason } from '../../notifications/decide.js';
import type { MailFailureCode } from '../../notifications/mail-failure.js';
import { MAIL_STATUSES, type MailLogPage, type MailStatus } from '../../notifications/mail-log-repository.js';
import { mailOutcomeDetail, type MailOutcomeTotals } from '../../notifications/mail-outcome.js';
import type { Assert, Equals, Extends } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { afterParam, limitParam, newestFirstCursorOf } from './common.js';

// The wire's lists are the server's: a new status or skip reason must be added to the wire types too.
type _Outcomes = Assert<Equals<MailStatus, Wire.MailOutcome>>;
type _SkipReasons = Assert<Equals<SkipReason, Wire.MailSkipReason>>;
type _FailureReasons = Assert<Equals<MailFailureCode, Wire.MailFailureReason>>;

/** `GET /api/notifications/mails?outcome=&limit=&after=`. */
export const mailLogQuery = z
  .object({ outcome: z.enum(MAIL_STATUSES).optional(), limit: limitParam, after: afterParam.optional() })
  .transform(({ outcome, ...page }) => (outcome === undefined ? page : { ...page, status: outcome }));

type _MailLogQuery = Assert<Extends<Wire.MailLogQuery, z.input<typeof mailLogQuery>>>;

export function toMailLogPageJson(page: MailLogPage): Wire.MailLogPage {
  const last = page.mails.at(-1);
  return {
    mails: page.mails.map((m) => ({
      id: String(m.id),
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      kind: m.kind,
      outcome: m.status,
      customer: { customerId: m.customerId, name: m.name, email: m.email },
      ...mailOutcomeDetail(m),
      attempts: m.attempts,
    })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? newestFirstCursorOf(last) : null },
  };
}

export function toMailActivityJson(activity: {
  since: Date;
  days: number;
  totals: MailOutcomeTotals;
  unsubscribedCustomers: number;
  retentionDays: number;
}): Wire.MailActivity {
  return {
    since: activity.since.toISOString(),
    days: activity.days,
    counts: activity.totals.byStatus,
    skippedByReason: activity.totals.skippedByReason,
    unsubscribedCustomers: activity.unsubscribedCustomers,
    retentionDays: activity.retentionDays,
  };
}
