import type { ProductChange } from './payloads.js';

/**
 * What the rules need of something that gives a product variant: a free-product reward, or a campaign whose gift is
 * a free product (its `gift*` columns read as these; holders.ts). Its last save is when its variant was last looked
 * up on the platform.
 */
export interface ProductRef {
  id: number;
  /** Only `free_product` gives a product: rewards and campaign gifts name that kind alike. */
  kind: string;
  productVariantId: string | null;
  /** The variant's product, cached at save; null for one saved before it was cached. */
  productId: string | null;
  productMissingAt: Date | null;
  updatedAt: Date;
}

/** What a product webhook means for a shop's rewards (or campaigns). */
export interface ProductChangeEffect {
  /**
   * Rewards whose variant is gone (`products/delete`: switched off and marked) or missing from the update's list
   * (`products/update`: marked only once the platform confirms it gone, see handle.ts).
   */
  lost: number[];
  /** Rewards saved before the product was cached whose variant the payload lists: they learn `productId`. */
  learned: number[];
}

/** The start of the date's second (the platform's `updated_at` has whole seconds). */
const wholeSecond = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;

/**
 * Which free-product rewards (or campaigns) lose their variant through `change`, and which learn their product. Pure.
 *
 * - `products/delete`: every reward of that product (known from the cached `productId`) loses it.
 * - `products/update`: a reward of that product whose variant the list lacks loses it (to be confirmed: the list
 *   may be incomplete for a very large product), unless the payload is older than the reward's last save: the save
 *   looked the variant up on the platform after the payload's state, so an older delivery (deliveries come in any
 *   order) cannot tell about the variant chosen since. The platform's `updated_at` has whole seconds: within the
 *   save's second the payload counts as newer (the save found the variant, so a list without it comes from a
 *   deletion after it).
 * - A reward already marked is left alone (a duplicate or late delivery changes nothing more); nothing is ever
 *   unmarked here: only saving the reward with a variant the platform has clears the mark.
 */
export function productChangeEffect(rewards: readonly ProductRef[], change: ProductChange): ProductChangeEffect {
  const effect: ProductChangeEffect = { lost: [], learned: [] };
  for (const reward of rewards) {
    if (reward.kind !== 'free_product' || !reward.productVariantId || reward.productMissingAt) continue;
    const listed = change.variantIds?.has(reward.productVariantId) ?? false;
    if (reward.productId === null) {
      if (listed) effect.learned.push(reward.id);
      continue;
    }
    if (reward.productId !== change.productId || listed) continue;
    if (change.variantIds !== null && change.updatedAt !== null && change.updatedAt.getTime() < wholeSecond(reward.updatedAt)) continue;
    effect.lost.push(reward.id);
  }
  return effect;
}
