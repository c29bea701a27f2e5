import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { pruneOldest } from '../db/prune-oldest.js';
import { Prisma } from '../generated/prisma/client.js';
import { retentionJob, type RetentionJobOptions } from '../queue/retention-job.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';

/** How long a processed event's row stays for de-duplication: far beyond the platform's retries (hours). */
export const INBOX_RETENTION_MS = 7 * 86_400_000;

export interface InboxRetentionOptions extends RetentionJobOptions {
  /** Processed rows received longer ago than this are deleted. @defaultValue 7 days (`INBOX_RETENTION_MS`) */
  retentionMs?: number;
}

/**
 * Deletes processed inbox rows received before `receivedBefore`, at most `limit` (oldest first). Their payloads are
 * gone already; what goes is the de-duplication key, which nothing needs once the platform stopped retrying: a later
 * delivery of the same event would run again and change nothing (the points engine is keyed by order and refund).
 * Failed events stay: they hold the payload an operator replays. Returns how many rows it deleted.
 *
 * No index on `received_at` (it would cost every processed mark an index write): the primary key is walked instead
 * (see `pruneOldest`); the old rows that survive and are passed over are only failed or waiting ones, few.
 */
export async function pruneProcessedEvents(db: Db, receivedBefore: Date, limit: number): Promise<number> {
  return pruneOldest(db, { table: 'webhook_events', at: 'received_at', done: Prisma.sql`status = 'processed'` }, receivedBefore, limit);
}

/** The hourly retention run over the inbox; continues at once while a full batch was deleted. */
export function inboxRetentionJob(ctx: AppContext, options: InboxRetentionOptions = {}): ScheduledJob {
  const retentionMs = options.retentionMs ?? INBOX_RETENTION_MS;
  return retentionJob(ctx, { name: 'inbox-retention', rows: 'processed webhook events', retentionMs, prune: pruneProcessedEvents }, options);
}
