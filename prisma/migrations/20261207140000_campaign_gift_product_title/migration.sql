-- A free-product campaign keeps what its gift product was called when it was saved (product title, variant title,
-- image URL), as free-product rewards do: the campaign list names the product, and the editor still can after the
-- shop deleted it (the platform no longer describes a deleted variant). Campaigns saved before have none until their
-- next save.
ALTER TABLE "campaigns" ADD COLUMN "gift_product_title" TEXT;
ALTER TABLE "campaigns" ADD COLUMN "gift_variant_title" TEXT;
ALTER TABLE "campaigns" ADD COLUMN "gift_product_image_url" TEXT;
