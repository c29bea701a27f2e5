import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import type { ScheduledJob } from './scheduled-job.js';

/** The batching and period every retention job has; each table's options add its retention period. */
export interface RetentionJobOptions {
  /** Rows deleted per statement; a run that deletes this many says more is left (continued at once). @defaultValue 5000 */
  batchSize?: number;
  /** The job's period. @defaultValue 1 hour */
  everyMs?: number;
}

/** What one table's retention is. */
export interface Retention {
  /** The job's (and its queue's) name. */
  name: string;
  /** What the rows are, for the log line of a run that deleted some ("finished notifications"). */
  rows: string;
  /** Rows older than this go (when done). */
  retentionMs: number;
  /** Deletes at most `limit` done rows from before `before`, oldest first; returns how many. */
  prune(db: Db, before: Date, limit: number): Promise<number>;
}

/**
 * A periodic deletion of rows past their retention: one bounded batch per run, so a backlog never holds locks for
 * long, continued at once while a run deleted a full batch (a backlog goes batch after batch, not one an hour).
 */
export function retentionJob(ctx: AppContext, retention: Retention, options: RetentionJobOptions = {}): ScheduledJob {
  const batchSize = options.batchSize ?? 5_000;
  return {
    name: retention.name,
    everyMs: options.everyMs ?? 3_600_000,
    run: async () => {
      const deleted = await retention.prune(ctx.db, new Date(Date.now() - retention.retentionMs), batchSize);
      if (deleted > 0) ctx.log.info({ deleted, job: retention.name }, `${retention.rows} past retention deleted`);
      return deleted >= batchSize;
    },
  };
}
