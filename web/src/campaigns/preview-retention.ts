import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { pruneOldest } from '../db/prune-oldest.js';
import { Prisma } from '../generated/prisma/client.js';
import { retentionJob, type RetentionJobOptions } from '../queue/retention-job.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';

/**
 * How long a campaign preview stays. A preview is a dry run recorded on every click of "preview" (`preview-<uuid>`
 * period, counts and gift, no recipients); no run refers to one, and "not gifted within N days" reads recipients,
 * which previews have none of. Kept a week: the preview history (`GET /api/campaigns/:id/runs?dryRuns=true`) still
 * answers "what did the preview say before the last run" for a weekly campaign and for the support questions of the
 * days after a click. Older ones tell nothing that previewing again would not (the same seed per period chooses
 * the same members from the same audience); the real runs, kept for good, hold what was delivered.
 */
export const PREVIEW_RETENTION_MS = 7 * 86_400_000;

export interface PreviewRetentionOptions extends RetentionJobOptions {
  /** Previews created longer ago than this are deleted. @defaultValue 7 days (`PREVIEW_RETENTION_MS`) */
  retentionMs?: number;
}

/**
 * Deletes previews (dry runs) created before `createdBefore`, at most `limit`, oldest first; returns how many. Real
 * runs never go. The partial index campaign_runs_preview_id_idx holds the previews alone, so the walk by id never
 * passes over the real runs, which pile up for good (migration 20261206110000_campaign_preview_retention).
 */
export async function pruneOldPreviews(db: Db, createdBefore: Date, limit: number): Promise<number> {
  return pruneOldest(db, { table: 'campaign_runs', at: 'created_at', done: Prisma.sql`dry_run` }, createdBefore, limit);
}

/** The hourly retention run over campaign previews; continues at once while a full batch was deleted. */
export function previewRetentionJob(ctx: AppContext, options: PreviewRetentionOptions = {}): ScheduledJob {
  const retentionMs = options.retentionMs ?? PREVIEW_RETENTION_MS;
  return retentionJob(ctx, { name: 'campaign-preview-retention', rows: 'campaign previews', retentionMs, prune: pruneOldPreviews }, options);
}
