/** The merchant's mail log: `GET /api/notifications/activity` and `GET /api/notifications/mails`. */
import type { NotificationKind } from './notifications.js';

/**
 * What became of a mail: `sent`; `failed` (given up: the mail server refused it for good, or every attempt failed);
 * `skipped` (not sent, see `MailSkipReason`); `pending` (waiting to be sent, or retrying after a failed attempt).
 */
export type MailOutcome = 'sent' | 'failed' | 'skipped' | 'pending';

/** Why a mail was skipped (web/src/notifications/decide.ts). */
export type MailSkipReason = 'shop_uninstalled' | 'kind_disabled' | 'unsubscribed' | 'no_email' | 'smtp_not_configured' | 'no_longer_due';

/**
 * Why sending a mail failed (web/src/notifications/mail-failure.ts describes each): `recipient_refused`,
 * `sender_refused`, `message_refused` (the mail server's 5xx refusal of the recipient, the sender or the message: given up
 * at once), `temporarily_refused` (a 4xx: try later), `auth_failed`, `tls_failed`, `server_unreachable`, `dns_failed`,
 * `timeout`, `connection_lost`, `invalid_data` (the mail could not be composed), `other`.
 */
export type MailFailureReason =
  | 'recipient_refused'
  | 'sender_refused'
  | 'message_refused'
  | 'temporarily_refused'
  | 'auth_failed'
  | 'tls_failed'
  | 'server_unreachable'
  | 'dns_failed'
  | 'timeout'
  | 'connection_lost'
  | 'invalid_data'
  | 'other';

/** `GET /api/notifications/activity`: the counts of the last `days` days and the customers who unsubscribed. */
export interface MailActivity {
  /** Where the counted period starts (now minus `days` days). */
  since: string;
  days: number;
  /** Mails created in the period, by outcome. */
  counts: Record<MailOutcome, number>;
  /** The skipped ones by reason; `other` for a reason recorded without a known code. */
  skippedByReason: Record<MailSkipReason | 'other', number>;
  /** Customers (members) who turned the mails off, now. */
  unsubscribedCustomers: number;
  /** How long a finished mail stays in the log (the list and counts hold no older ones). */
  retentionDays: number;
}

/** `GET /api/notifications/mails?outcome=&limit=&after=`: the query string (`after`: a page's `endCursor`). */
export interface MailLogQuery {
  /** Only mails of this outcome; all when left out. */
  outcome?: MailOutcome;
  /** 1..100, default 50. */
  limit?: number;
  after?: string;
}

export interface MailLogEntry {
  id: string;
  /** When the mail was due (queued). */
  createdAt: string;
  sentAt: string | null;
  kind: NotificationKind;
  outcome: MailOutcome;
  /** The customer it is for, as they are now (the log keeps no copy of the address a mail went to). */
  customer: { customerId: string; name: string | null; email: string | null };
  /** Skipped: why, as a code to word; null otherwise, and for a reason recorded without a known code (see `detail`). */
  skipReason: MailSkipReason | null;
  /**
   * Failed, or pending after a failed attempt (its last): what went wrong, as a code to word; null otherwise, and for a
   * failure recorded before codes (see `detail`).
   */
  failureReason: MailFailureReason | null;
  /**
   * A failed mail's (or a pending one's after a failed attempt) recorded detail, with or without `failureReason`: the
   * mail server's answer, or the error where none came, as recorded (English; it may quote the address the mail went
   * to); a skip reason recorded without a known code.
   */
  detail: string | null;
  /**
   * Failed: the attempts after which Loyale gave the mail up, when it could have passed (not a refusal for good); null
   * for a mail refused for good and for every other outcome.
   */
  gaveUpAfter: number | null;
  /** Sending attempts made. */
  attempts: number;
}

/** `GET /api/notifications/mails`: newest first. */
export interface MailLogPage {
  mails: MailLogEntry[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
