import { describe, expect, it } from 'vitest';
import type { Campaign, CampaignDetail } from '../../src/admin-api/wire/index.js';
import { chosenGiftProduct, type ChosenGiftProduct, type PickedProduct } from '../../frontend/src/campaigns/gift-product.js';
import { giftSummary, type GiftSummaryWording } from '../../frontend/src/campaigns/gift-summary.js';
import { localeWording } from './locale-wording.js';

const SAVED = 'gid://shopify/ProductVariant/11';
const OTHER = 'gid://shopify/ProductVariant/12';
const TASTING = { title: 'Probierset, 4 × 100 g', variantTitle: null, imageUrl: 'https://cdn.example/probierset.svg' };
const MILL = { title: 'Handmühle', variantTitle: 'Edelstahl', imageUrl: null };

/** The product the campaign editor's gift card shows as chosen, from the picker or the campaign as the API read it. */
describe('chosenGiftProduct', () => {
  type Saved = Pick<CampaignDetail, 'gift' | 'giftProduct' | 'savedGiftProduct'>;
  const saved = (giftProduct: CampaignDetail['giftProduct'], savedGiftProduct: Saved['savedGiftProduct'] = TASTING): Saved => ({
    gift: { kind: 'free_product', productVariantId: SAVED },
    giftProduct,
    savedGiftProduct,
  });
  const found = saved({ status: 'found', ...TASTING });
  const picked: PickedProduct = { variantId: OTHER, product: MILL };
  const renamed = { ...TASTING, title: 'Probierset (neu)' };

  it.each<[string, string, Saved | null, PickedProduct | null, ChosenGiftProduct]>([
    ['nothing chosen', '', found, picked, { kind: 'none' }],
    ['reopened: the saved product with its title and image', SAVED, found, null, { kind: 'product', product: TASTING }],
    ['reopened after a rename in the shop: as the platform has it now', SAVED, saved({ status: 'found', ...renamed }), null, { kind: 'product', product: renamed }],
    ['reopened, the product deleted in the shop: named as it was saved', SAVED, saved({ status: 'deleted' }), null, { kind: 'deleted', product: TASTING }],
    ['deleted, saved before Loyale kept its name', SAVED, saved({ status: 'deleted' }, null), null, { kind: 'deleted', product: null }],
    ['reopened while the platform could not answer: as it was saved', SAVED, saved({ status: 'unavailable' }), null, { kind: 'product', product: TASTING }],
    ['the platform could not answer, nothing kept', SAVED, saved({ status: 'unavailable' }, null), null, { kind: 'unavailable' }],
    ['another product picked in this edit', OTHER, found, picked, { kind: 'product', product: MILL }],
    ['picked, then discarded back to the saved one', SAVED, found, picked, { kind: 'product', product: TASTING }],
    ['a new campaign with a product picked', OTHER, null, picked, { kind: 'product', product: MILL }],
    [
      'saved as another gift: its answer names no product',
      SAVED,
      { gift: { kind: 'bonus_points', points: 5 }, giftProduct: null, savedGiftProduct: null },
      null,
      { kind: 'unavailable' },
    ],
    ['the form gives another variant than the saved one, not picked here: the saved one’s name is not it', OTHER, saved({ status: 'deleted' }), null, { kind: 'unavailable' }],
  ])('%s', (_name, variantId, savedCampaign, pickedNow, expected) => {
    expect(chosenGiftProduct(variantId, savedCampaign, pickedNow)).toEqual(expected);
  });
});

/** The campaign list's gift column, from the admin's own locale files. */
describe('giftSummary', () => {
  const wording = (locale: 'de' | 'en'): GiftSummaryWording => localeWording(locale);
  type Summarized = Pick<Campaign, 'gift' | 'savedGiftProduct'>;
  const product = (savedGiftProduct: Campaign['savedGiftProduct']): Summarized => ({ gift: { kind: 'free_product', productVariantId: SAVED }, savedGiftProduct });
  const rewardName = (id: string) => (id === '3' ? 'Kostenloser Versand' : undefined);

  it.each<[string, Summarized, string, string]>([
    ['a free product, named as saved', product(TASTING), 'Gratisprodukt: Probierset, 4 × 100 g', 'Free product: Probierset, 4 × 100 g'],
    ['a free product with its variant', product(MILL), 'Gratisprodukt: Handmühle – Edelstahl', 'Free product: Handmühle – Edelstahl'],
    ['a free product saved before Loyale kept its name', product(null), 'Gratisprodukt', 'Free product'],
    ['bonus points', { gift: { kind: 'bonus_points', points: 100 }, savedGiftProduct: null }, '100 Bonuspunkte', '100 bonus points'],
    ['a reward code', { gift: { kind: 'reward_code', rewardId: '3' }, savedGiftProduct: null }, 'Code: Kostenloser Versand', 'Code: Kostenloser Versand'],
  ])('%s', (_name, campaign, german, english) => {
    expect(giftSummary(wording('de'), campaign, rewardName)).toBe(german);
    expect(giftSummary(wording('en'), campaign, rewardName)).toBe(english);
  });
});
