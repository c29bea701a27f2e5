import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import type { Db } from '../db/client.js';

/** How long a processed event's row stays for de-duplication: far beyond the platform's retries (hours). */
export const INBOX_RETENTION_MS = 7 * 86_400_000;

export interface InboxRetentionOptions {
  /** Processed rows received longer ago than this are deleted. @defaultValue 7 days (`INBOX_RETENTION_MS`) */
  retentionMs?: number;
  /** Rows deleted per statement; a run that deletes this many says more is left. @defaultValue 5000 */
  batchSize?: number;
  /** The job's period. @defaultValue 1 hour */
  everyMs?: number;
}

/**
 * Deletes processed inbox rows received before `receivedBefore`, at most `limit` (oldest first). Their payloads are
 * gone already; what goes is the de-duplication key, which nothing needs once the platform stopped retrying: a later
 * delivery of the same event would run again and change nothing (the points engine is keyed by order and refund).
 * Failed events stay: they hold the payload an operator replays. Returns how many rows it deleted.
 *
 * No index on `received_at` (it would cost every processed mark an index write): ids grow with `received_at`, so the
 * first row received at or after the bound, found by walking the primary key from the oldest row left (old rows
 * that survive are only failed or waiting ones, few), bounds the rows to look at.
 */
export async function pruneProcessedEvents(db: Db, receivedBefore: Date, limit: number): Promise<number> {
  const before = receivedBefore.toISOString();
  return db.$executeRaw`
    DELETE FROM webhook_events WHERE id IN (
      SELECT id FROM webhook_events
      WHERE id < COALESCE(
          (SELECT id FROM webhook_events WHERE received_at >= ${before}::timestamp ORDER BY id LIMIT 1),
          (SELECT max(id) + 1 FROM webhook_events))
        AND status = 'processed' AND received_at < ${before}::timestamp
      ORDER BY id LIMIT ${limit})`;
}

/** The hourly retention run over the inbox; continues at once while a full batch was deleted. */
export function inboxRetentionJob(ctx: AppContext, options: InboxRetentionOptions = {}): ScheduledJob {
  const retentionMs = options.retentionMs ?? INBOX_RETENTION_MS;
  const batchSize = options.batchSize ?? 5_000;
  return {
    name: 'inbox-retention',
    everyMs: options.everyMs ?? 3_600_000,
    run: async () => {
      const deleted = await pruneProcessedEvents(ctx.db, new Date(Date.now() - retentionMs), batchSize);
      if (deleted > 0) ctx.log.info({ deleted }, 'processed webhook events past retention deleted');
      return deleted >= batchSize;
    },
  };
}
