import type { Db } from '../../db/client.js';
import type { ProductRef } from './lost-products.js';
import type { ProductChange } from './payloads.js';

/** What the rules read of a reward. */
const REWARD_PRODUCT_REF = { id: true, kind: true, productVariantId: true, productId: true, productMissingAt: true, updatedAt: true } as const;

/**
 * The shop's free-product rewards a product webhook may concern, not marked yet: those of the product, and those
 * saved before the product was cached whose variant the payload lists (they learn their product). Through the
 * partial (shop_id, product_id) index; the second part only reads the few legacy rows.
 */
export async function findRewardsOfProduct(db: Db, shopId: number, change: ProductChange): Promise<ProductRef[]> {
  const listed = change.variantIds ? [...change.variantIds] : [];
  return db.reward.findMany({
    where: {
      shopId,
      kind: 'free_product',
      productMissingAt: null,
      OR: [{ productId: change.productId }, ...(listed.length > 0 ? [{ productId: null, productVariantId: { in: listed } }] : [])],
    },
    select: REWARD_PRODUCT_REF,
  });
}

/**
 * Switches the rewards off and marks them (`productMissingAt`), each only while it still names the variant the rule
 * saw gone and is unmarked: a duplicate delivery writes nothing, and a merchant who picked another product meanwhile
 * keeps their reward. Returns the ids marked now.
 */
export async function markProductsMissing(
  db: Db,
  shopId: number,
  rewards: readonly Pick<ProductRef, 'id' | 'productVariantId'>[],
  now: Date,
): Promise<number[]> {
  const marked: number[] = [];
  for (const reward of rewards) {
    const { count } = await db.reward.updateMany({
      where: { id: reward.id, shopId, productVariantId: reward.productVariantId, productMissingAt: null },
      data: { active: false, productMissingAt: now },
    });
    if (count === 1) marked.push(reward.id);
  }
  return marked;
}

/**
 * Caches the product of rewards saved before it was kept (learned from a `products/update` that lists their variant,
 * or from the platform's answer about it), while they still name that variant and have no product yet.
 * Raw SQL, so `updated_at` stays: it is the reward's last save, which the order rule (lost-products.ts) compares
 * `products/update` with. Learning is no save; if it moved `updated_at`, learning from an old, late update would make
 * a newer one that removed the variant look older than the reward, and it would be ignored.
 */
export async function learnRewardProducts(
  db: Db,
  shopId: number,
  rewards: readonly (Pick<ProductRef, 'id' | 'productVariantId'> & { productId: string })[],
): Promise<void> {
  for (const reward of rewards) {
    await db.$executeRaw`
      UPDATE rewards SET product_id = ${reward.productId}
      WHERE id = ${reward.id} AND shop_id = ${shopId} AND product_variant_id = ${reward.productVariantId} AND product_id IS NULL`;
  }
}

/**
 * The shop's unmarked free-product rewards saved before the product was cached (active or not: an inactive one may
 * be a perk's, or switched on again later). Few rows, only of shops that had rewards before the cache; once looked
 * up they know their product or are marked, and no longer match.
 */
export async function findUnlearnedRewards(db: Db, shopId: number): Promise<ProductRef[]> {
  return db.reward.findMany({
    where: { shopId, kind: 'free_product', productId: null, productMissingAt: null, productVariantId: { not: null } },
    select: REWARD_PRODUCT_REF,
    orderBy: { id: 'asc' },
  });
}
