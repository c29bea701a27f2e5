/** Customer notifications: `GET|PUT /api/notifications/settings` and `GET /api/notifications/preview`. */

/** `points_expiring`: points expiry's reminder, days before a member's points expire (only programs with expiry send it). */
export type NotificationKind = 'points_earned' | 'reward_redeemed' | 'tier_reached' | 'surprise_gift' | 'points_expiring';

/** The languages mails are written in. */
export type MailLocale = 'en' | 'de';

/** `GET|PUT /api/notifications/settings` answer. */
export interface NotificationSettings {
  /** null: the shop's name (`defaultSenderName`). */
  senderName: string | null;
  defaultSenderName: string;
  replyTo: string | null;
  kinds: Record<NotificationKind, boolean>;
  /** False when the server has no SMTP server to send through (mails are recorded as skipped). */
  smtpConfigured: boolean;
}

/**
 * `PUT /api/notifications/settings`: blank `senderName` or `replyTo` is stored as null. `points_expiring` left out keeps
 * what is stored (an admin page opened before that kind existed saves without it).
 */
export interface NotificationSettingsBody {
  senderName: string | null;
  replyTo: string | null;
  kinds: { points_earned: boolean; reward_redeemed: boolean; tier_reached: boolean; surprise_gift: boolean; points_expiring?: boolean | undefined };
}

/** `GET /api/notifications/preview?kind=&locale=&senderName=`: the query string. */
export interface NotificationPreviewQuery {
  kind: NotificationKind;
  /** Default: the shop's language. */
  locale?: MailLocale;
  /**
   * The name being edited, so the preview follows the field before it is saved; empty: the shop's own name (the field
   * left empty); left out, the saved one.
   */
  senderName?: string;
}

/** `GET /api/notifications/preview`: a mail of the kind with sample data. */
export interface NotificationPreview {
  subject: string;
  html: string;
  text: string;
}
