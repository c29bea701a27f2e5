-- The redemption reconciler looks for pending redemptions older than a few minutes, every minute.
CREATE INDEX "redemptions_status_created_at_idx" ON "redemptions"("status", "created_at");
