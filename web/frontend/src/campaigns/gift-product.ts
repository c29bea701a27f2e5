/**
 * The product the campaign editor's gift card shows as chosen. A campaign stores its variant's GID with how the
 * platform described it at the save (`savedGiftProduct`); the API answers one campaign with that variant as the
 * platform has it now (`giftProduct`), and a product picked in this edit is known from the picker. Pure (type imports
 * only): the unit test in web/test/browser imports it under NodeNext.
 */
import type { CampaignDetail, RewardProduct } from '../../../src/admin-api/wire/index.js';

/** A product picked in this edit (the picker's answer). */
export interface PickedProduct {
  variantId: string;
  product: RewardProduct;
}

export type ChosenGiftProduct =
  | { kind: 'none' }
  | { kind: 'product'; product: RewardProduct }
  /** The shop no longer has the saved variant; `product`: what it was when the campaign was saved (null: not kept). */
  | { kind: 'deleted'; product: RewardProduct | null }
  /** A variant is chosen whose details are not known here (the platform could not be asked, none were kept). */
  | { kind: 'unavailable' };

/**
 * What the card shows for the form's variant (`variantId`): the product picked in this edit, else the saved
 * campaign's (when the form still gives its variant, as after a discard) as the API described it: as the platform has
 * it now, or, when the platform could not be asked, as it was saved.
 */
export function chosenGiftProduct(
  variantId: string,
  saved: Pick<CampaignDetail, 'gift' | 'giftProduct' | 'savedGiftProduct'> | null,
  picked: PickedProduct | null,
): ChosenGiftProduct {
  const id = variantId.trim();
  if (id === '') return { kind: 'none' };
  if (picked?.variantId === id) return { kind: 'product', product: picked.product };
  const same = saved?.gift.kind === 'free_product' && saved.gift.productVariantId === id;
  const info = same ? saved.giftProduct : null;
  const kept = same ? saved.savedGiftProduct : null;
  if (info?.status === 'found') return { kind: 'product', product: { title: info.title, variantTitle: info.variantTitle, imageUrl: info.imageUrl } };
  if (info?.status === 'deleted') return { kind: 'deleted', product: kept };
  return kept ? { kind: 'product', product: kept } : { kind: 'unavailable' };
}
