import { describe, expect, it } from 'vitest';
import type { VariantProductNode } from '../../shopify/operations/products.js';
import type { ProductRef } from './lost-products.js';
import { P1, rewardRef, SAVED, V11, V12 } from './test-refs.js';
import { answerEffect, lookupEffect, unlearnedRewards, variantProducts } from './unlearned.js';

/** A reward saved before its product was cached. */
const reward = (overrides: Partial<ProductRef> = {}) => rewardRef({ productId: null, ...overrides });
const variant = (id: string, productId: string): VariantProductNode => ({ id, product: { id: productId } });

describe('unlearnedRewards', () => {
  it.each<[string, ProductRef, boolean]>([
    ['a free product without a known product: asked about', reward(), true],
    ['its product known: matched by products/delete directly', reward({ productId: P1 }), false],
    ['already marked: nothing to ask', reward({ productMissingAt: SAVED }), false],
    ['another kind', reward({ kind: 'free_shipping', productVariantId: null }), false],
    ['no variant', reward({ productVariantId: null }), false],
  ])('%s', (_name, r, asked) => {
    expect(unlearnedRewards([r])).toEqual(asked ? [r] : []);
  });
});

describe('variantProducts', () => {
  it('reads the answer position by position: a product, or null for a variant the shop no longer has', () => {
    expect(variantProducts([V11, V12], [variant(V11, P1), null])).toEqual(new Map([[V11, P1], [V12, null]]));
  });

  it('leaves out a node that is no variant, or another id than asked', () => {
    expect(variantProducts([V11, V12], [{}, variant(V11, P1)])).toEqual(new Map());
  });

  it('refuses an answer of another length (nothing may be read as gone from it)', () => {
    expect(() => variantProducts([V11, V12], [variant(V11, P1)])).toThrow(/1 nodes for 2 ids/);
  });
});

describe('lookupEffect', () => {
  it.each<[string, ProductRef, Map<string, string | null>, { lost: number[]; learned: { id: number; productId: string }[] }]>([
    ['its variant exists: learns the product', reward(), new Map([[V11, P1]]), { lost: [], learned: [{ id: 1, productId: P1 }] }],
    ['its variant is not returned: lost', reward(), new Map([[V11, null]]), { lost: [1], learned: [] }],
    ['not in the answer: left for the next lookup', reward(), new Map([[V12, null]]), { lost: [], learned: [] }],
    ['its product already known: left alone (products/delete matches it)', reward({ productId: P1 }), new Map([[V11, null]]), { lost: [], learned: [] }],
    ['already marked: nothing more', reward({ productMissingAt: SAVED }), new Map([[V11, null]]), { lost: [], learned: [] }],
    ['another kind: never', reward({ kind: 'free_shipping', productVariantId: null }), new Map([[V11, null]]), { lost: [], learned: [] }],
  ])('%s', (_name, r, answer, effect) => {
    expect(lookupEffect([r], answer)).toEqual(effect);
  });

  it('sorts several rewards, two of them giving the same variant', () => {
    const rewards = [reward({ id: 1 }), reward({ id: 2, productVariantId: V12 }), reward({ id: 3, productVariantId: V12 })];
    expect(lookupEffect(rewards, new Map([[V11, P1], [V12, null]]))).toEqual({ lost: [2, 3], learned: [{ id: 1, productId: P1 }] });
  });
});

describe('answerEffect (a products/update loss confirmed, or not)', () => {
  it.each<[string, ProductRef, Map<string, string | null>, { lost: number[]; learned: { id: number; productId: string }[] }]>([
    ['its product known, the variant not returned: lost', rewardRef(), new Map([[V11, null]]), { lost: [1], learned: [] }],
    ['its product known, the variant still returned: kept, nothing to learn', rewardRef(), new Map([[V11, P1]]), { lost: [], learned: [] }],
    ['its product unknown, the variant still returned: kept, learns it', reward(), new Map([[V11, P1]]), { lost: [], learned: [{ id: 1, productId: P1 }] }],
    ['its product unknown, the variant not returned: lost', reward(), new Map([[V11, null]]), { lost: [1], learned: [] }],
    ['not in the answer: kept', rewardRef(), new Map([[V12, null]]), { lost: [], learned: [] }],
    ['already marked: nothing more', rewardRef({ productMissingAt: SAVED }), new Map([[V11, null]]), { lost: [], learned: [] }],
    ['another kind: never', rewardRef({ kind: 'free_shipping', productVariantId: null }), new Map([[V11, null]]), { lost: [], learned: [] }],
  ])('%s', (_name, r, answer, effect) => {
    expect(answerEffect([r], answer)).toEqual(effect);
  });
});
