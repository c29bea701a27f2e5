import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { memberNameSql } from '../loyalty/members/profile.js';
import type { NotificationKind } from './messages.js';

/** What became of a mail: the outbox's status (`failed`: given up; `pending`: waiting, or retrying after a failure). */
export const MAIL_STATUSES = ['sent', 'failed', 'skipped', 'pending'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Where a mail stands in the newest-first order: its creation time, then its id (mails of one instant). */
export interface MailLogPosition {
  createdAt: Date;
  id: bigint;
}

/** An outbox row as the merchant's mail log reads it, with the customer it is for as they are now. */
export interface MailLogRecord {
  id: bigint;
  createdAt: Date;
  sentAt: Date | null;
  kind: NotificationKind;
  status: MailStatus;
  /** The skip reason, the last failure's detail, or null. */
  error: string | null;
  /** The last failure's code as stored (null before codes, and for a row that did not fail). */
  errorCode: string | null;
  attempts: number;
  customerId: string;
  name: string | null;
  /** The customer's address now: the outbox keeps no copy of the one a mail went to. */
  email: string | null;
}

export interface MailLogPage {
  mails: MailLogRecord[];
  hasNextPage: boolean;
}

/**
 * A shop's mails newest first, `limit` after `after`, only those in `status` when given (keyset on (created_at, id),
 * served by the (shop_id, created_at, id) index). Only what the outbox still holds: finished rows go after 90 days
 * (retention.ts), and a customer's rows go with them when they are erased (customers/redact deletes the member).
 */
export async function listMailLog(
  db: Db,
  shopId: number,
  page: { limit: number; after?: MailLogPosition; status?: MailStatus },
): Promise<MailLogPage> {
  const seek = page.after
    ? Prisma.sql`AND (n.created_at, n.id) < (${page.after.createdAt.toISOString()}::timestamp, ${page.after.id}::bigint)`
    : Prisma.empty;
  const status = page.status ? Prisma.sql`AND n.status = ${page.status}::notification_status` : Prisma.empty;
  const rows = await db.$queryRaw<MailLogRecord[]>`
    SELECT n.id, n.created_at AS "createdAt", n.sent_at AS "sentAt", n.kind::text AS kind, n.status::text AS status,
      n.error, n.error_code AS "errorCode", n.attempts, m.customer_id AS "customerId", ${memberNameSql('m')} AS name, m.email
    FROM notifications n JOIN members m ON m.id = n.member_id AND m.shop_id = n.shop_id
    WHERE n.shop_id = ${shopId} ${status} ${seek}
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT ${page.limit + 1}`;
  return { mails: rows.slice(0, page.limit), hasNextPage: rows.length > page.limit };
}

/** How many of a shop's mails ended one way; `reason` is the stored skip reason of skipped ones (null otherwise). */
export interface MailOutcomeCount {
  status: MailStatus;
  reason: string | null;
  count: number;
}

/** The shop's mails created since `since`, counted by status and, for skipped ones, by reason. */
export async function countMailOutcomes(db: Db, shopId: number, since: Date): Promise<MailOutcomeCount[]> {
  return db.$queryRaw<MailOutcomeCount[]>`
    SELECT n.status::text AS status, CASE WHEN n.status = 'skipped' THEN n.error END AS reason, count(*)::int AS count
    FROM notifications n
    WHERE n.shop_id = ${shopId} AND n.created_at >= ${since.toISOString()}::timestamp
    GROUP BY 1, 2`;
}
