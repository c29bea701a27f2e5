-- Crediting reads each member's expired points not yet given back with every settlement: a partial index that holds
-- only expiry entries (none at all in a shop without expiry), so the probe costs nothing elsewhere.
CREATE INDEX "ledger_entries_expiry_idx" ON "ledger_entries"("member_id") WHERE "reason" IN ('points_expired', 'points_expiry_returned');
