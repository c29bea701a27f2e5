import type { Db, Tx } from '../db/client.js';
import { storedNotificationData, type NotificationDataOf } from './data.js';
import type { MailFailure } from './mail-failure.js';
import type { NotificationKind } from './messages.js';

/** The outbox's key of a notification: the kind and the producer's key, unique per shop. */
export const notificationKey = (kind: NotificationKind, key: string) => `${kind}:${key}`;

export interface QueueNotificationInput<K extends NotificationKind> {
  shopId: number;
  memberId: number;
  kind: K;
  /** The producer's key of this mail (a campaign run and recipient, say); the same key twice queues one mail. */
  idempotencyKey: string;
  data: NotificationDataOf<K>;
}

/**
 * Queues a mail for a member (surprise gifts and other producers that know when a mail is due); the sender sends
 * it with the next run, or skips it when the shop turned the kind off or the customer unsubscribed. Idempotent:
 * returns `created: false` for a key queued before. Takes a transaction, so a producer queues the mail atomically
 * with what it announces.
 */
export async function queueNotification<K extends NotificationKind>(
  db: Db | Tx,
  input: QueueNotificationInput<K>,
): Promise<{ created: boolean }> {
  const data = JSON.stringify(storedNotificationData(input.kind, input.data));
  // A member erased meanwhile (customers/redact) gets nothing: the insert finds no member to refer to.
  const inserted = await db.$executeRaw`
    INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data)
    SELECT ${input.shopId}, m.id, ${input.kind}::notification_kind, ${notificationKey(input.kind, input.idempotencyKey)}, ${data}::jsonb
    FROM members m WHERE m.id = ${input.memberId} AND m.shop_id = ${input.shopId}
    ON CONFLICT (shop_id, idempotency_key) DO NOTHING`;
  return { created: inserted === 1 };
}

/**
 * Which of `keys` (producers' keys of `kind`) the shop's outbox holds already: a producer that finds the same mails due
 * run after run (points expiry's reminders, hourly for two weeks) asks first rather than inserting them again.
 */
export async function findQueuedNotificationKeys(db: Db, shopId: number, kind: NotificationKind, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const prefix = notificationKey(kind, '');
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT idempotency_key AS key FROM notifications
    WHERE shop_id = ${shopId} AND idempotency_key = ANY(${keys.map((key) => notificationKey(kind, key))}::text[])`;
  return new Set(rows.map((row) => row.key.slice(prefix.length)));
}

/** A due row taken by a sender, with everything needed to decide, render and address it. */
export interface ClaimedNotification {
  id: bigint;
  kind: NotificationKind;
  data: unknown;
  /** Including this one. */
  attempts: number;
  shopId: number;
  customerId: string;
  email: string | null;
  locale: string | null;
  unsubscribed: boolean;
  shopDomain: string;
  shopName: string | null;
  /** The shop's IANA time zone (the mail's dates). */
  shopTimezone: string;
  shopUninstalled: boolean;
  senderName: string | null;
  replyTo: string | null;
  kindEnabled: boolean;
}

/**
 * Takes up to `limit` due rows for this sender: each gets an attempt counted and its `next_attempt_at` moved to
 * `leaseUntil`, so no other sender takes it while this one works on it (SKIP LOCKED: concurrent senders take
 * different rows). A sender that dies leaves its rows to be taken again after the lease.
 */
export async function claimDueNotifications(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  return db.$queryRaw<ClaimedNotification[]>`
    WITH due AS (
      SELECT id FROM notifications
      WHERE status = 'pending' AND next_attempt_at <= ${now}::timestamp
      ORDER BY next_attempt_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE notifications n
      SET attempts = n.attempts + 1, next_attempt_at = ${leaseUntil}::timestamp, updated_at = ${now}::timestamp
      FROM due WHERE n.id = due.id
      RETURNING n.id, n.shop_id, n.member_id, n.kind, n.data, n.attempts
    )
    SELECT c.id, c.kind::text AS kind, c.data, c.attempts, c.shop_id AS "shopId", m.customer_id AS "customerId", m.email, m.locale,
      m.unsubscribed_at IS NOT NULL AS unsubscribed, sh.domain AS "shopDomain", sh.name AS "shopName", sh.timezone AS "shopTimezone",
      sh.uninstalled_at IS NOT NULL AS "shopUninstalled", s.sender_name AS "senderName", s.reply_to AS "replyTo",
      COALESCE(CASE c.kind
        WHEN 'points_earned' THEN s.points_earned
        WHEN 'reward_redeemed' THEN s.reward_redeemed
        WHEN 'tier_reached' THEN s.tier_reached
        WHEN 'surprise_gift' THEN s.surprise_gift
        -- A reminder waiting (SMTP retries) while the merchant switched expiry off is not sent: nothing expires any more.
        WHEN 'points_expiring' THEN s.points_expiring AND EXISTS (SELECT 1 FROM programs p
          WHERE p.shop_id = c.shop_id AND p.points_expire_after_months IS NOT NULL) END, true) AS "kindEnabled"
    FROM claimed c
    JOIN members m ON m.id = c.member_id
    JOIN shops sh ON sh.id = c.shop_id
    LEFT JOIN notification_settings s ON s.shop_id = c.shop_id
    ORDER BY c.id`;
}

/**
 * What became of a claimed row. Only a row still pending under this claim changes (`attempts` is the claim's): a
 * result never overwrites another, and a sender that outlived its lease does not move or fail the row another
 * sender claimed since.
 */
export type NotificationOutcome =
  | { status: 'sent'; subject: string }
  | { status: 'skipped'; reason: string }
  /** `retryAt` null: given up (status failed). */
  | { status: 'failed'; failure: MailFailure; subject: string | null; retryAt: Date | null };

export async function recordNotificationOutcome(
  db: Db,
  claim: Pick<ClaimedNotification, 'id' | 'attempts'>,
  outcome: NotificationOutcome,
  now: Date,
): Promise<void> {
  const { id, attempts } = claim;
  switch (outcome.status) {
    case 'sent':
      // Sent is sent, whoever claimed the row since: the mail went out.
      await db.$executeRaw`
        UPDATE notifications SET status = 'sent', sent_at = ${now}::timestamp, subject = ${outcome.subject}, error = NULL,
          error_code = NULL, updated_at = ${now}::timestamp
        WHERE id = ${id} AND status = 'pending'`;
      return;
    case 'skipped':
      await recordSkippedNotifications(db, [{ id, reason: outcome.reason }], now);
      return;
    case 'failed':
      await db.$executeRaw`
        UPDATE notifications SET
          status = ${outcome.retryAt === null ? 'failed' : 'pending'}::notification_status,
          next_attempt_at = COALESCE(${outcome.retryAt}::timestamp, next_attempt_at),
          error = ${outcome.failure.detail}, error_code = ${outcome.failure.code}, subject = COALESCE(${outcome.subject}, subject),
          updated_at = ${now}::timestamp
        WHERE id = ${id} AND status = 'pending' AND attempts = ${attempts}`;
      return;
  }
}

/**
 * Marks claimed rows skipped, a batch in one statement: without an SMTP server every due mail is skipped, and one
 * update per row was thousands of statements during a burst of orders. Commits without waiting for the WAL flush
 * (`set_config(…, true)` lasts until this statement's own commit): single commits queued at the WAL flush with the
 * webhook route's inserts. Safe: a mark a crash loses leaves the row pending, and the next run decides it again;
 * nothing was sent. Only a row still pending changes.
 */
export async function recordSkippedNotifications(db: Db, rows: readonly { id: bigint; reason: string }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    UPDATE notifications n SET status = 'skipped', error = v.reason, error_code = NULL, updated_at = ${now}::timestamp
    FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.reason)}::text[]) AS v(id, reason),
      (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
    WHERE n.id = v.id AND n.status = 'pending'`;
}
