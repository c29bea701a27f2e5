import type { RewardProduct } from '../../program/repository.js';
import type { Gift } from '../gift.js';
import { giftProductMissing, type CampaignFailure } from './failure.js';

/**
 * A free-product campaign whose gift product the shop deleted (`giftProductMissingAt`, set by the product webhooks:
 * rewards/product-gone/) gives nothing more until the merchant picks another product: what its runs and saves make
 * of that mark. Pure.
 */

/** A campaign's mark as the rules read it: the variant it gives now (null: no free product), and since when it is gone. */
export interface GiftProductMark {
  productVariantId: string | null;
  /** null: not known to be gone. */
  missingAt: Date | null;
}

/** The mark of a campaign as stored. */
export function markOf(campaign: { gift: Gift; giftProductMissingAt: Date | null }): GiftProductMark {
  return {
    productVariantId: campaign.gift.kind === 'free_product' ? campaign.gift.productVariantId : null,
    missingAt: campaign.giftProductMissingAt,
  };
}

/**
 * Why a run giving `gift` can no longer hand it over, or null when it can: its free product is the campaign's and
 * marked gone. A run keeps the gift it started with, so a run of a variant the campaign has replaced since is not
 * concerned by a mark on the new one (nor told about the old one: the platform answers for that). The failure is
 * what the run or its recipients record.
 */
export function giftProductGone(gift: Gift, mark: GiftProductMark | null): CampaignFailure | null {
  if (gift.kind !== 'free_product' || mark?.missingAt == null || mark.productVariantId !== gift.productVariantId) return null;
  return giftProductMissing(gift.productVariantId);
}

/** What a save does about the gift's product. */
export type GiftProductSave =
  /** Not a free product: no product to cache, no mark. */
  | { kind: 'none' }
  /** The marked variant saved again: kept as stored (product and mark), not looked up. */
  | { kind: 'keep' }
  /** Looked up on the platform: its product is cached and the mark cleared, or the save is refused. */
  | { kind: 'look_up'; productVariantId: string };

/**
 * A campaign whose product was deleted, saved again with that variant (any other field changed), keeps it without a
 * lookup: the platform no longer has it, so the lookup would refuse the whole save and the merchant could not edit
 * anything else (or switch the schedule off) before replacing the product. Its runs still start none (the mark
 * stays). Any other free product is looked up, which clears the mark once the platform has it. `stored`: null for a
 * new campaign.
 */
export function giftProductSave(gift: Gift, stored: { gift: Gift; giftProductMissingAt: Date | null } | null): GiftProductSave {
  if (gift.kind !== 'free_product') return { kind: 'none' };
  const mark = stored && markOf(stored);
  if (mark?.missingAt && mark.productVariantId === gift.productVariantId) return { kind: 'keep' };
  return { kind: 'look_up', productVariantId: gift.productVariantId };
}

/** What the campaign editor shows of a free-product gift's variant (only its GID is stored). */
export type GiftProductView =
  /** The shop's variant as the platform describes it now. */
  | { status: 'found'; product: RewardProduct }
  /** The shop no longer has the variant (marked by the product webhooks, or not found when asked). */
  | { status: 'deleted' }
  /** The platform could not be asked now: the editor says a product is saved, without its details. */
  | { status: 'unavailable' };

/** How the editor's view of a campaign's gift product is had: known without the platform, or asked of it. */
export type GiftProductViewPlan = { kind: 'known'; view: GiftProductView | null } | { kind: 'ask'; productVariantId: string };

/**
 * Whether showing the gift's product needs the platform. Not for another gift (no view), nor for a variant marked
 * gone (a deleted variant's id never comes back, and the platform no longer describes it), nor for the variant a save
 * just looked up (`found`: what its lookup found). Any other free product is asked for. Pure.
 */
export function planGiftProductView(
  campaign: { gift: Gift; giftProductMissingAt: Date | null },
  found?: { productVariantId: string; product: RewardProduct },
): GiftProductViewPlan {
  const { gift } = campaign;
  if (gift.kind !== 'free_product') return { kind: 'known', view: null };
  if (campaign.giftProductMissingAt !== null) return { kind: 'known', view: { status: 'deleted' } };
  if (found?.productVariantId === gift.productVariantId) return { kind: 'known', view: { status: 'found', product: found.product } };
  return { kind: 'ask', productVariantId: gift.productVariantId };
}
