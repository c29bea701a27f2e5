-- A member whose customer the platform no longer has (deleted in the admin: tagsAdd "not found", metafieldsSet
-- INVALID ownerId) is not sent again: every write would be refused, forever. It stays dirty, so a customers/create or
-- customers/update for the same id (which clears the mark) syncs it at once.
ALTER TABLE "customer_sync" ADD COLUMN "platform_gone_at" TIMESTAMP(3);

-- The drain reads due dirty rows of customers the platform has.
DROP INDEX "customer_sync_due_idx";
CREATE INDEX "customer_sync_due_idx" ON "customer_sync"("shop_id", "next_attempt_at")
  WHERE "dirty_since" IS NOT NULL AND "platform_gone_at" IS NULL;
