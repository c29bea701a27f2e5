-- Points expiry's reminder mail (web/src/points-expiry/reminders.ts): a new kind, on by default like the others. Nothing
-- here uses the new value (Postgres allows that only once this transaction committed).
ALTER TYPE "notification_kind" ADD VALUE IF NOT EXISTS 'points_expiring';
ALTER TABLE "notification_settings" ADD COLUMN "points_expiring" BOOLEAN NOT NULL DEFAULT true;
