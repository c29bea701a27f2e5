import { describe, expect, it } from 'vitest';
import { rewardRecord } from '../test-rewards.js';
import { keepMissingProducts } from './keep-missing.js';

const GONE = 'gid://shopify/ProductVariant/11';
const OTHER = 'gid://shopify/ProductVariant/12';
const stored = [
  rewardRecord({ id: 1, kind: 'free_product', active: false, productVariantId: GONE, productMissingAt: new Date('2026-12-06T00:00:00Z') }),
  rewardRecord({ id: 2, kind: 'free_product', active: true, productVariantId: OTHER }),
];
const edit = (id: number | null, active: boolean, productVariantId: string | null, kind: 'free_product' | 'free_shipping' = 'free_product') => ({
  id,
  kind,
  active,
  productVariantId,
});

describe('keepMissingProducts', () => {
  it.each([
    ['the marked reward, unchanged and off: no lookup', edit(1, false, GONE), undefined],
    ['the marked reward switched on with the gone variant: looked up (and refused)', edit(1, true, GONE), GONE],
    ['the marked reward with another variant: looked up (clears the mark)', edit(1, false, OTHER), OTHER],
    ['the marked reward turned into another kind', edit(1, false, null, 'free_shipping'), null],
    ['an unmarked reward: looked up as always', edit(2, true, OTHER), OTHER],
    ['a new reward', edit(null, false, GONE), GONE],
  ])('%s', (_name, reward, productVariantId) => {
    expect(keepMissingProducts([reward], stored)[0]?.productVariantId).toBe(productVariantId);
  });
});
