-- Retention of campaign previews (web/src/campaigns/preview-retention.ts): every click of "preview" records a dry run,
-- and the hourly job deletes those older than a week, walking them by id. Real runs are kept for good, so walking the
-- primary key would pass over all of them every hour; this partial index holds the previews alone. Previews are
-- written once and never updated, and real runs are not in it: it costs one index write per preview, nothing more.
-- The notification outbox's retention needs none: it walks the primary key, past only the few pending rows.
CREATE INDEX "campaign_runs_preview_id_idx" ON "campaign_runs" ("id") WHERE "dry_run";
