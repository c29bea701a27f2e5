import { describe, expect, it } from 'vitest';
import { productChangeEffect, type ProductRef } from './lost-products.js';
import type { ProductChange } from './payloads.js';
import { P1, P2, rewardRef, SAVED, V11, V12 } from './test-refs.js';

const reward = rewardRef;
const deleted = (productId: string): ProductChange => ({ productId, variantIds: null, updatedAt: null });
const updated = (productId: string, variants: string[], updatedAt: Date | null = new Date('2026-12-05T00:00:00Z')): ProductChange => ({
  productId,
  variantIds: new Set(variants),
  updatedAt,
});

describe('productChangeEffect', () => {
  it.each<[string, ProductRef, ProductChange, { lost: number[]; learned: number[] }]>([
    ['products/delete of its product: lost', reward(), deleted(P1), { lost: [1], learned: [] }],
    ['products/delete of another product: kept', reward(), deleted(P2), { lost: [], learned: [] }],
    ['products/update without its variant: lost', reward(), updated(P1, [V12]), { lost: [1], learned: [] }],
    ['products/update with no variant left: lost', reward(), updated(P1, []), { lost: [1], learned: [] }],
    ['products/update listing its variant: kept', reward(), updated(P1, [V11, V12]), { lost: [], learned: [] }],
    ['products/update of another product: kept', reward(), updated(P2, []), { lost: [], learned: [] }],
    ['products/update older than the reward’s last save: kept', reward(), updated(P1, [], new Date('2026-11-30T00:00:00Z')), { lost: [], learned: [] }],
    ['products/update a second before the last save: kept', reward(), updated(P1, [], new Date(SAVED.getTime() - 1000)), { lost: [], learned: [] }],
    ['products/update in the last save’s second (whole seconds): lost', reward({ updatedAt: new Date(SAVED.getTime() + 700) }), updated(P1, [], SAVED), { lost: [1], learned: [] }],
    ['products/update without updated_at: lost', reward(), updated(P1, [], null), { lost: [1], learned: [] }],
    ['already marked: nothing more', reward({ productMissingAt: SAVED }), deleted(P1), { lost: [], learned: [] }],
    ['another kind: never', reward({ kind: 'free_shipping', productVariantId: null }), deleted(P1), { lost: [], learned: [] }],
    ['a free product without variant: never', reward({ productVariantId: null }), deleted(P1), { lost: [], learned: [] }],
    ['product unknown (saved before it was cached), listed: learns it', reward({ productId: null }), updated(P1, [V11]), { lost: [], learned: [1] }],
    ['product unknown, not listed: nothing (could be another product’s)', reward({ productId: null }), updated(P1, [V12]), { lost: [], learned: [] }],
    ['product unknown, products/delete: nothing (it names only the product)', reward({ productId: null }), deleted(P1), { lost: [], learned: [] }],
  ])('%s', (_name, r, change, effect) => {
    expect(productChangeEffect([r], change)).toEqual(effect);
  });

  it('sorts several rewards of a shop', () => {
    const rewards = [
      reward({ id: 1 }),
      reward({ id: 2, productVariantId: V12 }),
      reward({ id: 3, productId: P2, productVariantId: 'gid://shopify/ProductVariant/21' }),
      reward({ id: 4, productId: null, productVariantId: V12 }),
    ];
    expect(productChangeEffect(rewards, updated(P1, [V12]))).toEqual({ lost: [1], learned: [4] });
  });
});
