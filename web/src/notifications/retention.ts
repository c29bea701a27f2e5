import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { pruneOldest } from '../db/prune-oldest.js';
import { Prisma } from '../generated/prisma/client.js';
import { retentionJob, type RetentionJobOptions } from '../queue/retention-job.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { NOTIFICATION_LOOKBACK_MS } from './jobs.js';

/** How long a finished mail's row stays: long enough for a merchant to look back at what was mailed (a quarter). */
export const NOTIFICATION_RETENTION_MS = 90 * 86_400_000;

export interface NotificationRetentionOptions extends RetentionJobOptions {
  /**
   * Finished rows created longer ago than this are deleted. Must exceed the scanner's look-back, or the scanner would
   * find the event without a row again and mail the customer a second time. @defaultValue 90 days (`NOTIFICATION_RETENTION_MS`)
   */
  retentionMs?: number;
}

/**
 * Deletes finished outbox rows (sent, skipped, or failed: given up after the last attempt) created before
 * `createdBefore`, at most `limit`, oldest first; returns how many. Pending rows stay whatever their age: new, due for
 * a retry, or held by a sender (whose outcome only ever changes a pending row, so a deleted row cannot come back).
 * Nothing else refers to a row: unsubscribe links sign the shop and customer, and the unsubscribe itself is on the
 * member. Age counts from `created_at` (ids grow with it, see `pruneOldest`); a row finishes within hours of that.
 */
export async function pruneFinishedNotifications(db: Db, createdBefore: Date, limit: number): Promise<number> {
  return pruneOldest(
    db,
    { table: 'notifications', at: 'created_at', done: Prisma.sql`status IN ('sent', 'skipped', 'failed')` },
    createdBefore,
    limit,
  );
}

/**
 * The hourly retention run over the notification outbox; continues at once while a full batch was deleted.
 * `scanLookbackMs` is the notification scanner's look-back (`NotificationModuleOptions.lookbackMs`).
 */
export function notificationRetentionJob(
  ctx: AppContext,
  options: NotificationRetentionOptions = {},
  scanLookbackMs = NOTIFICATION_LOOKBACK_MS,
): ScheduledJob {
  const retentionMs = options.retentionMs ?? NOTIFICATION_RETENTION_MS;
  if (retentionMs <= scanLookbackMs) {
    throw new RangeError(`notification retention (${retentionMs} ms) must exceed the scanner's look-back (${scanLookbackMs} ms)`);
  }
  return retentionJob(ctx, { name: 'notification-retention', rows: 'finished notifications', retentionMs, prune: pruneFinishedNotifications }, options);
}
