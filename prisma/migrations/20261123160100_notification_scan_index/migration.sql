-- The notification scanner reads the last days' `order_earned` and `tier_changed` ledger entries of every shop: a
-- small partial index keeps that an index range scan however large the ledger grows. A migration of its own because
-- 'tier_changed' is added in the previous one and cannot be used in the transaction that adds it.
CREATE INDEX "ledger_entries_notify_idx" ON "ledger_entries"("created_at") WHERE "reason" IN ('order_earned', 'tier_changed');
