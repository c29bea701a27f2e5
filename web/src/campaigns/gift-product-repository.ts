import type { Db, Tx } from '../db/client.js';
import type { ProductRef } from '../rewards/product-gone/lost-products.js';
import type { ProductChange } from '../rewards/product-gone/payloads.js';
import type { StoredMark } from '../rewards/product-gone/keep-missing.js';
import type { GiftProductMark } from './rules/gift-product.js';

/**
 * The gift product of free-product campaigns, as the product webhooks (rewards/product-gone/, the same rules as
 * rewards) and the runs read and mark it. Deleted campaigns are left alone: they start no runs anyway.
 */

const REF_COLUMNS = {
  id: true,
  giftKind: true,
  giftProductVariantId: true,
  giftProductId: true,
  giftProductMissingAt: true,
  updatedAt: true,
} as const;

type RefRow = { id: number; giftKind: string; giftProductVariantId: string | null; giftProductId: string | null; giftProductMissingAt: Date | null; updatedAt: Date };

/** A campaign as the product-gone rules see it (its last save is when its variant was last looked up). */
const toRef = (row: RefRow): ProductRef => ({
  id: row.id,
  kind: row.giftKind,
  productVariantId: row.giftProductVariantId,
  productId: row.giftProductId,
  productMissingAt: row.giftProductMissingAt,
  updatedAt: row.updatedAt,
});

/**
 * The shop's free-product campaigns a product webhook may concern, not marked yet: those of the product, and those
 * saved before the product was cached whose variant the payload lists (they learn their product).
 */
export async function findCampaignsOfProduct(db: Db, shopId: number, change: ProductChange): Promise<ProductRef[]> {
  const listed = change.variantIds ? [...change.variantIds] : [];
  const rows = await db.campaign.findMany({
    where: {
      shopId,
      giftKind: 'free_product',
      deletedAt: null,
      giftProductMissingAt: null,
      OR: [{ giftProductId: change.productId }, ...(listed.length > 0 ? [{ giftProductId: null, giftProductVariantId: { in: listed } }] : [])],
    },
    select: REF_COLUMNS,
  });
  return rows.map(toRef);
}

/** The shop's unmarked free-product campaigns saved before the product was cached (few, only from before the cache). */
export async function findUnlearnedCampaigns(db: Db, shopId: number): Promise<ProductRef[]> {
  const rows = await db.campaign.findMany({
    where: { shopId, giftKind: 'free_product', deletedAt: null, giftProductId: null, giftProductMissingAt: null, giftProductVariantId: { not: null } },
    select: REF_COLUMNS,
    orderBy: { id: 'asc' },
  });
  return rows.map(toRef);
}

/**
 * Caches the product of campaigns saved before it was kept, while they still give that variant and have no product.
 * Raw SQL, so `updated_at` stays the campaign's last save, which the order rule compares `products/update` with
 * (as learnRewardProducts).
 */
export async function learnCampaignProducts(
  db: Db,
  shopId: number,
  campaigns: readonly (Pick<ProductRef, 'id' | 'productVariantId'> & { productId: string })[],
): Promise<void> {
  for (const campaign of campaigns) {
    await db.$executeRaw`
      UPDATE campaigns SET gift_product_id = ${campaign.productId}
      WHERE id = ${campaign.id} AND shop_id = ${shopId} AND gift_product_variant_id = ${campaign.productVariantId} AND gift_product_id IS NULL`;
  }
}

/**
 * Marks the campaigns' gift product gone, each only while it still gives the variant the rule saw gone, is unmarked
 * and not deleted: a duplicate delivery writes nothing, and a merchant who picked another product meanwhile keeps
 * their campaign. The campaign stays as the merchant set it (active or not); its runs see the mark (run.ts). Raw SQL:
 * the mark is no save, `updated_at` stays. Returns the ids marked now.
 */
export async function markGiftProductsMissing(
  db: Db,
  shopId: number,
  campaigns: readonly Pick<ProductRef, 'id' | 'productVariantId'>[],
  now: Date,
): Promise<number[]> {
  const marked: number[] = [];
  for (const campaign of campaigns) {
    const count = await db.$executeRaw`
      UPDATE campaigns SET gift_product_missing_at = ${now}
      WHERE id = ${campaign.id} AND shop_id = ${shopId} AND gift_kind = 'free_product'
        AND gift_product_variant_id = ${campaign.productVariantId} AND gift_product_missing_at IS NULL AND deleted_at IS NULL`;
    if (count === 1) marked.push(campaign.id);
  }
  return marked;
}

/** The campaign's mark as it is now (a run checks it before each free-product delivery); null when there is no row. */
export async function findGiftProductMark(db: Db, campaignId: number): Promise<GiftProductMark | null> {
  const row = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { giftKind: true, giftProductVariantId: true, giftProductMissingAt: true },
  });
  if (!row) return null;
  return { productVariantId: row.giftKind === 'free_product' ? row.giftProductVariantId : null, missingAt: row.giftProductMissingAt };
}

/**
 * Locks the shop's (not deleted) campaign row until the transaction ends and reads its editor's version (what a save
 * compares with the one it read) and its mark: a product webhook marking
 * it waits for the save to commit, so the mark read here is still the stored one when the save writes
 * (markMadeDuringLookup decides on it). NO KEY: inserting a run (a foreign key to the campaign) need not wait for it. Null when the shop has no such campaign; `mark` undefined when it is unmarked.
 */
export async function lockGiftProductMark(
  tx: Tx,
  shopId: number,
  campaignId: number,
): Promise<{ version: number; mark: StoredMark | undefined } | null> {
  const [row] = await tx.$queryRaw<{ version: number; gift_product_variant_id: string | null; gift_product_missing_at: Date | null }[]>`
    SELECT version, gift_product_variant_id, gift_product_missing_at FROM campaigns
    WHERE id = ${campaignId} AND shop_id = ${shopId} AND deleted_at IS NULL
    FOR NO KEY UPDATE`;
  if (!row) return null;
  const missingAt = row.gift_product_missing_at;
  return { version: row.version, mark: missingAt === null ? undefined : { productVariantId: row.gift_product_variant_id, productMissingAt: missingAt } };
}
