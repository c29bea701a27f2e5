import { describe, expect, it } from 'vitest';
import type { CampaignDetail } from '../../src/admin-api/wire/index.js';
import { chosenGiftProduct, type ChosenGiftProduct, type PickedProduct } from '../../frontend/src/campaigns/gift-product.js';

/** The product the campaign editor's gift card shows as chosen, from the picker or the campaign as the API read it. */
describe('chosenGiftProduct', () => {
  const SAVED = 'gid://shopify/ProductVariant/11';
  const OTHER = 'gid://shopify/ProductVariant/12';
  const TASTING = { title: 'Probierset, 4 × 100 g', variantTitle: null, imageUrl: 'https://cdn.example/probierset.svg' };
  const MILL = { title: 'Handmühle', variantTitle: 'Edelstahl', imageUrl: null };
  type Saved = Pick<CampaignDetail, 'gift' | 'giftProduct'>;
  const saved = (giftProduct: CampaignDetail['giftProduct']): Saved => ({ gift: { kind: 'free_product', productVariantId: SAVED }, giftProduct });
  const found = saved({ status: 'found', ...TASTING });
  const picked: PickedProduct = { variantId: OTHER, product: MILL };

  it.each<[string, string, Saved | null, PickedProduct | null, ChosenGiftProduct]>([
    ['nothing chosen', '', found, picked, { kind: 'none' }],
    ['reopened: the saved product with its title and image', SAVED, found, null, { kind: 'product', product: TASTING }],
    ['reopened, the product deleted in the shop', SAVED, saved({ status: 'deleted' }), null, { kind: 'deleted' }],
    ['reopened while the platform could not answer', SAVED, saved({ status: 'unavailable' }), null, { kind: 'unavailable' }],
    ['another product picked in this edit', OTHER, found, picked, { kind: 'product', product: MILL }],
    ['picked, then discarded back to the saved one', SAVED, found, picked, { kind: 'product', product: TASTING }],
    ['a new campaign with a product picked', OTHER, null, picked, { kind: 'product', product: MILL }],
    ['saved as another gift: its answer names no product', SAVED, { gift: { kind: 'bonus_points', points: 5 }, giftProduct: null }, null, { kind: 'unavailable' }],
  ])('%s', (_name, variantId, savedCampaign, pickedNow, expected) => {
    expect(chosenGiftProduct(variantId, savedCampaign, pickedNow)).toEqual(expected);
  });
});
