-- A free-product campaign whose gift product the merchant deleted on the platform (web/src/rewards/product-gone/, as
-- for rewards). `gift_product_id`: the gift variant's product GID, cached when the campaign is saved, because
-- `products/delete` names only the product. `gift_product_missing_at`: when the app learned the variant is gone (the
-- campaign starts no runs from then on); null while it exists. Cleared when the merchant saves the campaign with a
-- variant the platform has.
ALTER TABLE "campaigns" ADD COLUMN "gift_product_id" TEXT;
ALTER TABLE "campaigns" ADD COLUMN "gift_product_missing_at" TIMESTAMP(3);

-- The product webhooks look a shop's campaigns up by product, as its rewards.
CREATE INDEX "campaigns_shop_id_gift_product_id_idx" ON "campaigns" ("shop_id", "gift_product_id") WHERE "gift_product_id" IS NOT NULL;
