import {
  findCampaignsOfProduct,
  findUnlearnedCampaigns,
  learnCampaignProducts,
  markGiftProductsMissing,
} from '../../campaigns/gift-product-repository.js';
import type { Db } from '../../db/client.js';
import type { ProductRef } from './lost-products.js';
import type { ProductChange } from './payloads.js';
import { findRewardsOfProduct, findUnlearnedRewards, learnRewardProducts, markProductsMissing } from './repository.js';

/**
 * What gives a product variant and must learn when the shop deletes it: free-product rewards and free-product
 * campaigns. The product webhooks (handle.ts) apply the same rules (lost-products.ts, unlearned.ts) to each through
 * its repository; only what marking does differs (a reward is switched off, a campaign starts no runs).
 */
export interface ProductHolders {
  /** The log field naming their ids. */
  idsField: 'rewardIds' | 'campaignIds';
  /** What the log says of those marked now. */
  markedMessage: string;
  /** The shop's unmarked ones a product webhook may concern (repository.ts: findRewardsOfProduct). */
  findOfProduct(db: Db, shopId: number, change: ProductChange): Promise<ProductRef[]>;
  /** The shop's unmarked ones saved before their product was cached. */
  findUnlearned(db: Db, shopId: number): Promise<ProductRef[]>;
  /** Caches their product (no save: `updated_at` stays). */
  learn(db: Db, shopId: number, learned: readonly (Pick<ProductRef, 'id' | 'productVariantId'> & { productId: string })[]): Promise<void>;
  /** Marks them gone (once each, on the variant seen gone); the ids marked now. */
  markMissing(db: Db, shopId: number, lost: readonly Pick<ProductRef, 'id' | 'productVariantId'>[], now: Date): Promise<number[]>;
}

export const PRODUCT_HOLDERS: readonly ProductHolders[] = [
  {
    idsField: 'rewardIds',
    markedMessage: 'free-product rewards switched off: their product variant was deleted',
    findOfProduct: findRewardsOfProduct,
    findUnlearned: findUnlearnedRewards,
    learn: learnRewardProducts,
    markMissing: markProductsMissing,
  },
  {
    idsField: 'campaignIds',
    markedMessage: 'free-product campaigns marked: their gift product variant was deleted; they start no runs until another product is chosen',
    findOfProduct: findCampaignsOfProduct,
    findUnlearned: findUnlearnedCampaigns,
    learn: learnCampaignProducts,
    markMissing: markGiftProductsMissing,
  },
];
