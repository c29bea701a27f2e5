-- Issue 4's rewards catalog: whether a reward's code combines with other discounts, a tier restriction, and the
-- product a free_product reward gives, as the platform described it when the merchant saved the reward.

-- Existing rewards keep combining with the discount classes other than their own, as their codes did before.
ALTER TABLE "rewards"
  ADD COLUMN "combines_with_other_discounts" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "minimum_tier_id" INTEGER,
  ADD COLUMN "product_title" TEXT,
  ADD COLUMN "variant_title" TEXT,
  ADD COLUMN "product_image_url" TEXT;

-- A tier can only be removed by the program editor, which refuses to remove one a reward still names; SET NULL keeps
-- a removal by other means (a shop's own cascade) from failing.
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_minimum_tier_id_fkey"
  FOREIGN KEY ("minimum_tier_id") REFERENCES "tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
