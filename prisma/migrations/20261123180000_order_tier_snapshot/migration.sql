-- Program edits apply to new events only: an order keeps the tier table (thresholds and multipliers) that was in
-- force when it was first paid, as it keeps its earning rate, so editing a tier never re-rates booked orders.
ALTER TABLE "loyalty_orders" ADD COLUMN "tiers_snapshot" JSONB;

-- Orders booked before this migration keep the tiers of today (what they were evaluated with so far).
UPDATE "loyalty_orders" lo SET "tiers_snapshot" = (
  SELECT jsonb_agg(jsonb_build_object('threshold', t.threshold, 'multiplier', t.multiplier::text) ORDER BY t.threshold)
  FROM "tiers" t WHERE t.shop_id = lo.shop_id)
WHERE lo.subtotal IS NOT NULL;

-- A member's tier changes are part of their ledger history (delta 0; the notifications announce upgrades).
ALTER TYPE "ledger_reason" ADD VALUE IF NOT EXISTS 'tier_changed';
