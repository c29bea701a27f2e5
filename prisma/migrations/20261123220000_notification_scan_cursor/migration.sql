-- The notification scanner's high-water marks, one per ledger kind it announces: a run reads the ledger entries after
-- `last_id` (and the few at or below it that committed late, created at or after `horizon`) instead of every entry of
-- the last days again. See web/src/notifications/scan-repository.ts.
CREATE TABLE "notification_scan_cursors" (
    "kind" "notification_kind" NOT NULL,
    "last_id" BIGINT NOT NULL,
    "horizon" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_scan_cursors_pkey" PRIMARY KEY ("kind")
);
