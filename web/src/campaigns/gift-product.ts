import type { RewardProduct } from '../program/repository.js';
import { findVariant, toRewardProduct } from '../rewards/products.js';
import { AdminApiError, type AdminClient } from '../shopify/admin-client.js';
import { domainIssue, type Invalid } from '../validation/field-errors.js';
import type { Gift } from './gift.js';
import type { SavedGiftProduct } from './repository.js';
import { giftProductSave, planGiftProductView, type GiftProductView } from './rules/gift-product.js';

/** What a campaign save learned of its gift's product on the platform (save.ts writes it). */
export interface GiftProductLookup {
  /**
   * The product GID and the variant as the platform describes it (null: no free product); undefined: the marked
   * variant kept as stored, not looked up.
   */
  giftProduct: SavedGiftProduct;
  /** Taken before the lookup: a mark made after it is newer than the answer (markMadeDuringLookup). */
  startedAt: Date;
  /** The variant looked up, as the platform described it (the save's answer shows it without asking again). */
  found?: { productVariantId: string; product: RewardProduct };
}

/**
 * Looks a free-product gift's variant up on the platform when it is saved (as a free-product reward's: findVariant),
 * for its product's GID, which `products/delete` names, and its titles and image, which the campaign keeps. A variant the shop does not have is refused at
 * `gift.productVariantId`; one marked gone and saved unchanged is not looked up (rules/gift-product.ts). Platform
 * failures propagate (the admin API answers 502). `stored`: the campaign as saved before, null for a new one.
 */
export async function lookUpGiftProduct(
  admin: AdminClient,
  shop: string,
  gift: Gift,
  stored: { gift: Gift; giftProductMissingAt: Date | null } | null,
): Promise<({ ok: true } & GiftProductLookup) | Invalid> {
  const startedAt = new Date();
  const save = giftProductSave(gift, stored);
  if (save.kind === 'none') return { ok: true, giftProduct: null, startedAt };
  if (save.kind === 'keep') return { ok: true, giftProduct: undefined, startedAt };
  const variant = await findVariant(admin, shop, save.productVariantId);
  if (!variant) return { ok: false, issues: { 'gift.productVariantId': domainIssue('reward_product_unknown') } };
  const product = toRewardProduct(variant);
  return { ok: true, giftProduct: { productId: variant.productId, product }, startedAt, found: { productVariantId: variant.id, product } };
}

/**
 * What the campaign editor shows of the gift's product: the variant's product title, variant title and image as the
 * platform has them now (the campaign stores only the variant's GID), `deleted` when the shop no longer has it, null
 * for another gift. Asked of the platform only when needed (rules/gift-product.ts: planGiftProductView; `found`: what
 * a save's lookup just found). A platform that cannot answer makes it `unavailable`, not a failed page: the editor
 * still opens. A shop without its token (ShopNotInstalledError) propagates, as for every admin call.
 */
export async function viewGiftProduct(
  admin: AdminClient,
  shop: string,
  campaign: { gift: Gift; giftProductMissingAt: Date | null },
  found?: GiftProductLookup['found'],
): Promise<GiftProductView | null> {
  const plan = planGiftProductView(campaign, found);
  if (plan.kind === 'known') return plan.view;
  try {
    const variant = await findVariant(admin, shop, plan.productVariantId);
    return variant ? { status: 'found', product: toRewardProduct(variant) } : { status: 'deleted' };
  } catch (error) {
    if (error instanceof AdminApiError) return { status: 'unavailable' };
    throw error;
  }
}
