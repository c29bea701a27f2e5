import { describe, expect, it } from 'vitest';
import { rewardRecord } from '../test-rewards.js';
import { keepMarksMadeDuringLookups, keepMissingProducts, markMadeDuringLookup, type StoredMark } from './keep-missing.js';

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

describe('keepMarksMadeDuringLookups', () => {
  const STARTED = new Date('2026-12-06T10:00:00.000Z');
  const at = (ms: number) => new Date(STARTED.getTime() + ms);
  const PRODUCT = { title: 'Mug', variantTitle: null, imageUrl: null };
  /** Reward 1 as the save writes it: looked up (product set), switched on. */
  const saved = (overrides: Partial<ReturnType<typeof edit> & { product: unknown; productId: string | null }> = {}) => ({
    ...edit(1, true, GONE),
    product: PRODUCT,
    productId: 'gid://shopify/Product/1',
    ...overrides,
  });
  const marks = (productMissingAt: Date, productVariantId: string | null = GONE) => new Map<number, StoredMark>([[1, { productVariantId, productMissingAt }]]);
  const KEPT = { ...saved(), active: false, productVariantId: undefined, product: undefined, productId: undefined };

  it.each([
    ['marked after the lookups started, same variant: the mark wins, the reward stays off', saved(), marks(at(1)), KEPT],
    ['marked in the very millisecond the lookups started: the mark wins', saved(), marks(at(0)), KEPT],
    ['marked before the lookups: they found the variant, the save clears the mark', saved(), marks(at(-1)), saved()],
    ['marked during the lookups on the variant the save replaces: cleared (the new one was found)', saved({ productVariantId: OTHER }), marks(at(1)), saved({ productVariantId: OTHER })],
    ['turned into another kind while marked: cleared', saved({ kind: 'free_shipping', productVariantId: null, product: null, productId: null }), marks(at(1)), saved({ kind: 'free_shipping', productVariantId: null, product: null, productId: null })],
    ['not looked up (kept as stored): written as it is', saved({ productVariantId: undefined, product: undefined, productId: undefined, active: false }), marks(at(1)), saved({ productVariantId: undefined, product: undefined, productId: undefined, active: false })],
    ['not marked: written as it is', saved(), new Map<number, StoredMark>(), saved()],
    ['a new reward: written as it is', saved({ id: null }), marks(at(1)), saved({ id: null })],
  ])('%s', (_name, reward, stored, written) => {
    expect(keepMarksMadeDuringLookups([reward], stored, STARTED)).toEqual([written]);
  });
});

describe('markMadeDuringLookup (rewards and campaigns)', () => {
  const STARTED = new Date('2026-12-06T10:00:00.000Z');
  const mark = (ms: number, productVariantId: string | null = GONE): StoredMark => ({ productVariantId, productMissingAt: new Date(STARTED.getTime() + ms) });
  it.each<[string, StoredMark | undefined, string | null | undefined, boolean]>([
    ['marked after the lookup started, on the variant saved: the mark wins', mark(1), GONE, true],
    ['marked in the very millisecond it started: the mark wins', mark(0), GONE, true],
    ['marked before the lookup: answered by it, cleared', mark(-1), GONE, false],
    ['marked on the variant the save replaces: cleared', mark(1), OTHER, false],
    ['saved without a variant (another kind): cleared', mark(1), null, false],
    ['not marked', undefined, GONE, false],
  ])('%s', (_name, stored, savedVariant, kept) => {
    expect(markMadeDuringLookup(stored, savedVariant, STARTED)).toBe(kept);
  });
});
