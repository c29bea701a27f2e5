-- The dashboard's active members count a shop's recent redemptions (analytics/repository.ts memberTotals): through
-- (status, created_at) that read every shop's redemptions of the last 90 days; this reads the shop's own.
CREATE INDEX "redemptions_shop_id_created_at_idx" ON "redemptions" ("shop_id", "created_at");
