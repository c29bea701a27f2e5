import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { reminderAtSend } from '../points-expiry/customer-expiry.js';
import { composeMail } from './compose.js';
import { parseNotificationData } from './data.js';
import { retryDelayMs, skipReason } from './decide.js';
import { invalidMailData, isFinalMailFailure, mailFailureOf } from './mail-failure.js';
import { mailLocaleFor } from './messages.js';
import {
  claimDueNotifications,
  recordNotificationOutcome,
  recordSkippedNotifications,
  type ClaimedNotification,
  type NotificationOutcome,
} from './outbox-repository.js';
import { renderNotification } from './render.js';
import { senderNameOf } from './settings.js';
import { SMTP_SOCKET_TIMEOUT_MS, type MailTransport } from './transport.js';
import { unsubscribeUrl } from './unsubscribe.js';

export interface SenderDeps {
  db: Db;
  log: Logger;
  /** The app's public base URL (the unsubscribe links). */
  appUrl: string;
  /** Signs the unsubscribe links. */
  apiSecret: string;
  /** SMTP_FROM. */
  fromAddress: string | undefined;
  /** Null without an SMTP server: due mails are recorded as skipped. */
  transport: MailTransport | null;
}

export interface SendOptions {
  /**
   * Attempts per mail before it is given up (status failed), unless the relay refused it for good (a 5xx for the
   * recipient or the message: failed at once). With the default backoff about half a day: a relay outage, a
   * throttling relay or a wrong SMTP password fixed within it loses no mail. @defaultValue 20
   */
  maxAttempts?: number;
  /** The wait after the first failed attempt, doubled after each further one (at most an hour). @defaultValue 30000 ms */
  retryDelayMs?: number;
  /**
   * How long a sender holds the rows it took: longer than one batch's SMTP conversations can take (each step may wait
   * `SMTP_SOCKET_TIMEOUT_MS` for its reply), so no other sender takes a row whose mail may still be accepted.
   * @defaultValue 4 × SMTP_SOCKET_TIMEOUT_MS
   */
  leaseMs?: number;
  /** Rows taken at once, one per pooled SMTP connection (sent in parallel). @defaultValue 3 */
  batchSize?: number;
  /** Batches per run at most; the next run continues. @defaultValue 20 */
  maxBatches?: number;
}

export interface SendSummary {
  sent: number;
  skipped: number;
  /** Failed attempts, retried later or given up. */
  failed: number;
  /** The run stopped at `maxBatches` with rows possibly still due. */
  more: boolean;
}

/** Rows taken at once when there is no SMTP server (all of them are recorded as skipped in one statement). */
const UNSENDABLE_BATCH_SIZE = 500;

/** An SMTP answer often quotes the recipient; logs carry no personal data (the row keeps the full text). */
export const withoutAddresses = (text: string) => text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>');

async function deliver(deps: SenderDeps, row: ClaimedNotification, options: Required<SendOptions>, clock: () => Date): Promise<NotificationOutcome> {
  const skip = skipReason(row, deps.transport !== null);
  if (skip) return { status: 'skipped', reason: skip };
  let data;
  try {
    data = parseNotificationData(row.data);
  } catch (error) {
    // Retrying cannot repair what the producer stored.
    return { status: 'failed', failure: invalidMailData(error), subject: null, retryAt: null };
  }
  if (data.kind === 'points_expiring') {
    // Queued up to 14 days ahead, perhaps sent after retries: checked against the customer's points as they are now.
    const current = await reminderAtSend(deps.db, row.shopId, row.customerId, data);
    if (!current) return { status: 'skipped', reason: 'no_longer_due' };
    data = { ...data, ...current };
  }
  const senderName = senderNameOf(row, { name: row.shopName, domain: row.shopDomain });
  const link = unsubscribeUrl(deps.appUrl, { shopDomain: row.shopDomain, customerId: row.customerId }, deps.apiSecret);
  const mail = renderNotification({ locale: mailLocaleFor(row.locale), shopName: senderName, unsubscribeUrl: link, data, timeZone: row.shopTimezone });
  try {
    await deps.transport!.send(
      composeMail({
        notificationId: row.id,
        shopDomain: row.shopDomain,
        senderName,
        replyTo: row.replyTo,
        to: row.email!,
        fromAddress: deps.fromAddress,
        unsubscribeUrl: link,
        mail,
      }),
    );
    return { status: 'sent', subject: mail.subject };
  } catch (error) {
    const failure = mailFailureOf(error);
    const final = isFinalMailFailure(failure.code) || row.attempts >= options.maxAttempts;
    // From when it failed (a conversation that timed out took minutes), not from when the batch began.
    const retryAt = final ? null : new Date(clock().getTime() + retryDelayMs(row.attempts, options.retryDelayMs));
    return { status: 'failed', failure, subject: mail.subject, retryAt };
  }
}

/**
 * Sends every due mail of the outbox: takes rows in batches (a claim no other sender can take at the same time),
 * decides (skipped when the kind is off, the customer unsubscribed, has no address, or no SMTP server is
 * configured), renders in the customer's language, sends, and records the outcome. A failed send is retried with
 * backoff, at most `maxAttempts` times.
 */
export async function sendDueNotifications(deps: SenderDeps, sendOptions: SendOptions = {}, clock: () => Date = () => new Date()): Promise<SendSummary> {
  const options: Required<SendOptions> = {
    maxAttempts: sendOptions.maxAttempts ?? 20,
    retryDelayMs: sendOptions.retryDelayMs ?? 30_000,
    leaseMs: sendOptions.leaseMs ?? 4 * SMTP_SOCKET_TIMEOUT_MS,
    batchSize: sendOptions.batchSize ?? 3,
    maxBatches: sendOptions.maxBatches ?? 20,
  };
  // Without an SMTP server every row is only marked skipped: no SMTP conversation bounds the batch, so it is big.
  const batchSize = deps.transport ? options.batchSize : Math.max(options.batchSize, UNSENDABLE_BATCH_SIZE);
  const summary: SendSummary = { sent: 0, skipped: 0, failed: 0, more: false };
  for (let batch = 0; batch < options.maxBatches; batch++) {
    const now = clock();
    const rows = await claimDueNotifications(deps.db, now, new Date(now.getTime() + options.leaseMs), batchSize);
    // Skips are marked together after the batch (one statement); sends and failures as each ends.
    const skipped: { id: bigint; reason: string }[] = [];
    await Promise.all(
      rows.map(async (row) => {
        const outcome = await deliver(deps, row, options, clock);
        if (outcome.status === 'skipped') {
          skipped.push({ id: row.id, reason: outcome.reason });
          summary.skipped += 1;
          return;
        }
        await recordNotificationOutcome(deps.db, row, outcome, clock());
        if (outcome.status === 'sent') summary.sent += 1;
        else {
          summary.failed += 1;
          deps.log.warn(
            {
              notificationId: String(row.id),
              shop: row.shopDomain,
              attempts: row.attempts,
              willRetry: outcome.retryAt !== null,
              reason: outcome.failure.code,
              err: withoutAddresses(outcome.failure.detail),
            },
            'notification mail failed',
          );
        }
      }),
    );
    await recordSkippedNotifications(deps.db, skipped, clock());
    if (rows.length < batchSize) return summary;
  }
  return { ...summary, more: true };
}
