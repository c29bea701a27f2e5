/** Tests only: rewards and tiers as the pure rules see them, with the defaults a new reward gets. */
import type { DemoProduct } from '../../emulator/demo-data.js';
import type { Db } from '../db/client.js';
import type { ProgramTier, RewardRecord } from '../program/repository.js';

/** Bronze from 0, Silver from 500, Gold from 2,000 (the default program), ids 1–3, without translated names. */
export const TEST_TIERS: ProgramTier[] = [
  { id: 1, key: 'bronze', name: 'Bronze', nameTranslation: null, threshold: 0, multiplier: '1' },
  { id: 2, key: 'silver', name: 'Silver', nameTranslation: null, threshold: 500, multiplier: '1.25' },
  { id: 3, key: 'gold', name: 'Gold', nameTranslation: null, threshold: 2000, multiplier: '1.5' },
];

/** An active free-shipping reward for 300 points (90 days, combining, no minimum, no tier), with `overrides`. */
export function rewardRecord(overrides: Partial<RewardRecord> = {}): RewardRecord {
  return {
    id: 1,
    key: null,
    name: 'Free shipping',
    nameTranslation: null,
    kind: 'free_shipping',
    cost: 300,
    value: null,
    active: true,
    validityDays: 90,
    minimumSubtotal: null,
    productVariantId: null,
    product: null,
    productId: null,
    productMissingAt: null,
    combinesWithOtherDiscounts: true,
    minimumTierId: null,
    ...overrides,
  };
}

/**
 * Stores a perk-only (inactive) free-product reward for 1 point giving `product` (a demo product), as a save through
 * the API leaves it: the product's id cached, since `products/delete` names only the product.
 */
export function storePerkOnlyProductReward(db: Db, shopId: number, name: string, product: Pick<DemoProduct, 'productId' | 'variantId' | 'title'>) {
  return db.reward.create({
    data: {
      shopId,
      name,
      kind: 'free_product',
      cost: 1,
      active: false,
      productVariantId: `gid://shopify/ProductVariant/${product.variantId}`,
      productId: `gid://shopify/Product/${product.productId}`,
      productTitle: product.title,
    },
  });
}
