import { describe, expect, it } from 'vitest';
import type { Gift } from '../gift.js';
import { giftProductMissing } from './failure.js';
import {
  giftProductGone,
  giftProductSave,
  markOf,
  planGiftProductView,
  type GiftProductMark,
  type GiftProductSave,
  type GiftProductViewPlan,
} from './gift-product.js';

const GONE = 'gid://shopify/ProductVariant/11';
const OTHER = 'gid://shopify/ProductVariant/12';
const AT = new Date('2026-12-06T10:00:00Z');
const product = (productVariantId: string): Gift => ({ kind: 'free_product', productVariantId });
const points: Gift = { kind: 'bonus_points', points: 50 };
const code: Gift = { kind: 'reward_code', rewardId: 3 };
const mark = (productVariantId: string | null, missingAt: Date | null = AT): GiftProductMark => ({ productVariantId, missingAt });

describe('markOf', () => {
  it.each<[string, Gift, Date | null, GiftProductMark]>([
    ['a free product, marked', product(GONE), AT, mark(GONE)],
    ['a free product, not marked', product(GONE), null, mark(GONE, null)],
    ['points give no variant', points, null, mark(null, null)],
  ])('%s', (_name, gift, giftProductMissingAt, expected) => {
    expect(markOf({ gift, giftProductMissingAt })).toEqual(expected);
  });
});

describe('giftProductGone', () => {
  it.each<[string, Gift, GiftProductMark | null, boolean]>([
    ['the campaign’s variant, marked: gone', product(GONE), mark(GONE), true],
    ['the campaign’s variant, not marked', product(GONE), mark(GONE, null), false],
    ['the run gives a variant the campaign has replaced; the new one is marked: not this run’s', product(OTHER), mark(GONE), false],
    ['the campaign now gives points (its old mark cleared by the save)', product(GONE), mark(null, null), false],
    ['the campaign row is gone', product(GONE), null, false],
    ['a points run of a campaign whose product is marked', points, mark(GONE), false],
    ['a reward-code run', code, mark(GONE), false],
  ])('%s', (_name, gift, campaignMark, gone) => {
    const reason = giftProductGone(gift, campaignMark);
    expect(reason !== null).toBe(gone);
    if (gone) expect(reason).toEqual(giftProductMissing(GONE));
  });
});

describe('giftProductSave', () => {
  const stored = (gift: Gift, giftProductMissingAt: Date | null = AT) => ({ gift, giftProductMissingAt });
  it.each<[string, Gift, ReturnType<typeof stored> | null, GiftProductSave]>([
    ['a new free-product campaign: looked up', product(GONE), null, { kind: 'look_up', productVariantId: GONE }],
    ['saved again, unmarked: looked up (its product learned, its existence checked)', product(GONE), stored(product(GONE), null), { kind: 'look_up', productVariantId: GONE }],
    ['marked, saved with the same variant: kept, no lookup (it would refuse the save)', product(GONE), stored(product(GONE)), { kind: 'keep' }],
    ['marked, saved with another variant: looked up (clears the mark)', product(OTHER), stored(product(GONE)), { kind: 'look_up', productVariantId: OTHER }],
    ['marked, turned into points: no product, the mark goes', points, stored(product(GONE)), { kind: 'none' }],
    ['a reward code: no product', code, null, { kind: 'none' }],
  ])('%s', (_name, gift, before, expected) => {
    expect(giftProductSave(gift, before)).toEqual(expected);
  });
});

describe('planGiftProductView', () => {
  const BEAN = { title: 'Espresso', variantTitle: '500 g', imageUrl: 'https://cdn.example/espresso.png' };
  const campaign = (gift: Gift, giftProductMissingAt: Date | null = null) => ({ gift, giftProductMissingAt });
  it.each<[string, ReturnType<typeof campaign>, Parameters<typeof planGiftProductView>[1], GiftProductViewPlan]>([
    ['a free product: asked of the platform', campaign(product(GONE)), undefined, { kind: 'ask', productVariantId: GONE }],
    ['marked gone: deleted, not asked (the platform no longer describes it)', campaign(product(GONE), AT), undefined, { kind: 'known', view: { status: 'deleted' } }],
    ['just looked up by its save: that answer, not asked again', campaign(product(GONE)), { productVariantId: GONE, product: BEAN }, { kind: 'known', view: { status: 'found', product: BEAN } }],
    ['the save looked up another variant (its answer is not this one’s): asked', campaign(product(GONE)), { productVariantId: OTHER, product: BEAN }, { kind: 'ask', productVariantId: GONE }],
    ['looked up, but a mark came during the save: deleted', campaign(product(GONE), AT), { productVariantId: GONE, product: BEAN }, { kind: 'known', view: { status: 'deleted' } }],
    ['points: nothing to show', campaign(points), undefined, { kind: 'known', view: null }],
    ['a reward code: nothing to show', campaign(code), undefined, { kind: 'known', view: null }],
  ])('%s', (_name, stored, found, expected) => {
    expect(planGiftProductView(stored, found)).toEqual(expected);
  });
});
