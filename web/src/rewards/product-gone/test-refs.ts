/** Tests only: ids and a reward as the product-gone rules see them. */
import type { ProductRef } from './lost-products.js';

export const P1 = 'gid://shopify/Product/1';
export const P2 = 'gid://shopify/Product/2';
export const V11 = 'gid://shopify/ProductVariant/11';
export const V12 = 'gid://shopify/ProductVariant/12';
/** The reward's last save. */
export const SAVED = new Date('2026-12-01T00:00:00Z');

/** Reward 1, a free V11 of product P1 (known), unmarked, saved at SAVED, with `overrides`. */
export const rewardRef = (overrides: Partial<ProductRef> = {}): ProductRef => ({
  id: 1,
  kind: 'free_product',
  productVariantId: V11,
  productId: P1,
  productMissingAt: null,
  updatedAt: SAVED,
  ...overrides,
});
