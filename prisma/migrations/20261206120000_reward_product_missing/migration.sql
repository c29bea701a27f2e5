-- A free-product reward whose product the merchant deleted on the platform (web/src/rewards/product-gone/).
-- `product_id`: the variant's product GID, cached when the reward is saved, because `products/delete` names only the
-- product. `product_missing_at`: when the app learned the variant is gone (the reward was switched off then); null
-- while it exists. Cleared when the merchant saves the reward with a variant the platform has.
ALTER TABLE "rewards" ADD COLUMN "product_id" TEXT;
ALTER TABLE "rewards" ADD COLUMN "product_missing_at" TIMESTAMP(3);

-- The product webhooks look a shop's rewards up by product: few rows per shop, but the shop's other rewards need not
-- be read for every product edit.
CREATE INDEX "rewards_shop_id_product_id_idx" ON "rewards" ("shop_id", "product_id") WHERE "product_id" IS NOT NULL;
