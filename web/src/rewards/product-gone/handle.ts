import { findShopByDomain } from '../../shops/repository.js';
import type { TopicHandler } from '../../webhooks/handlers.js';
import { productChangeEffect } from './lost-products.js';
import { parseProductDeleted, parseProductUpdated, type ProductChange } from './payloads.js';
import { findRewardsOfProduct, learnRewardProducts, markProductsMissing } from './repository.js';

/**
 * `products/delete` and `products/update`: a free-product reward whose variant the shop no longer has is switched off
 * and marked (`productMissingAt`), so the storefront stops offering it (inactive rewards are not listed, not
 * redeemable), perks and gifts that give it say why they cannot, and the admin shows the merchant a warning.
 * Idempotent and order-independent: rewards are only ever marked here (never unmarked), each once, and an update
 * older than the reward's last save is ignored (see lost-products.ts). A shop the app has not met has no rewards:
 * nothing is created for it.
 */
function productChangeHandler(parse: (payload: unknown) => ProductChange): TopicHandler {
  return async (ctx, shopDomain, payload, event) => {
    const change = parse(payload);
    const shop = await findShopByDomain(ctx.db, shopDomain);
    if (!shop) return;
    const rewards = await findRewardsOfProduct(ctx.db, shop.id, change);
    const { lost, learned } = productChangeEffect(rewards, change);
    const byId = new Map(rewards.map((r) => [r.id, r]));
    const pick = (ids: number[]) => ids.map((id) => byId.get(id)!);
    if (learned.length > 0) await learnRewardProducts(ctx.db, shop.id, pick(learned), change.productId);
    if (lost.length === 0) return;
    const marked = await markProductsMissing(ctx.db, shop.id, pick(lost), new Date());
    if (marked.length > 0) {
      ctx.log.info(
        { shop: shopDomain, eventId: String(event.id), productId: change.productId, rewardIds: marked },
        'free-product rewards switched off: their product variant was deleted',
      );
    }
  };
}

export const handleProductDeleted = productChangeHandler(parseProductDeleted);
export const handleProductUpdated = productChangeHandler(parseProductUpdated);
