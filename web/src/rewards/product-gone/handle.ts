import type { AppContext } from '../../app/context.js';
import { createAdminClient, ShopNotInstalledError, type AdminClient } from '../../shopify/admin-client.js';
import { PRODUCT_VARIANT_PRODUCTS } from '../../shopify/operations/products.js';
import { findShopByDomain } from '../../shops/repository.js';
import type { TopicHandler } from '../../webhooks/handlers.js';
import { productChangeEffect, type RewardProductRef } from './lost-products.js';
import { parseProductDeleted, parseProductUpdated, type ProductChange } from './payloads.js';
import { findRewardsOfProduct, findUnlearnedRewards, learnRewardProducts, markProductsMissing } from './repository.js';
import { answerEffect, lookupEffect, variantProducts, type LookupEffect } from './unlearned.js';

/** At most this many ids per `nodes` call (the platform's limit on an input list); in practice a shop has a few. */
const NODES_PER_CALL = 250;

/**
 * The lookup's Admin client: few and short throttle waits, so a throttled call fails this try well within the job's
 * lock (15 s) and the webhook pipeline retries the event with its own backoff rather than holding the worker.
 */
const lookupClient = (ctx: AppContext): AdminClient => createAdminClient(ctx, { maxAttempts: 3, maxDelayMs: 2000 });

interface EventRef {
  shop: string;
  eventId: string;
  productId: string;
}

/** Switches the rewards off and marks them; logs those marked now (a duplicate delivery marks none). */
async function switchOff(ctx: AppContext, shopId: number, rewards: readonly RewardProductRef[], ref: EventRef, how?: string) {
  if (rewards.length === 0) return;
  const marked = await markProductsMissing(ctx.db, shopId, rewards, new Date());
  if (marked.length > 0) {
    ctx.log.info({ ...ref, rewardIds: marked, ...(how ? { how } : {}) }, 'free-product rewards switched off: their product variant was deleted');
  }
}

/**
 * Asks the platform which of the rewards' variants it still has, and of which product (`nodes`, NODES_PER_CALL ids
 * a call): the answer by variant (variantProducts). A shop without an offline token cannot be asked: null, logged as
 * `skipped` (the event still succeeds; an uninstalled shop sends no more webhooks anyway). Any other failure of the
 * call (throttled, 5xx, network) throws: the event is retried, not lost.
 */
async function lookUpVariants(
  ctx: AppContext,
  ref: EventRef,
  rewards: readonly RewardProductRef[],
  skipped: string,
): Promise<Map<string, string | null> | null> {
  const admin = lookupClient(ctx);
  const ids = [...new Set(rewards.map((r) => r.productVariantId!))];
  const answer = new Map<string, string | null>();
  try {
    for (let start = 0; start < ids.length; start += NODES_PER_CALL) {
      const asked = ids.slice(start, start + NODES_PER_CALL);
      const { nodes } = await admin.request(ref.shop, PRODUCT_VARIANT_PRODUCTS, { ids: asked });
      for (const [id, productId] of variantProducts(asked, nodes)) answer.set(id, productId);
    }
  } catch (error) {
    if (!(error instanceof ShopNotInstalledError)) throw error;
    ctx.log.info({ ...ref, rewardIds: rewards.map((r) => r.id) }, skipped);
    return null;
  }
  return answer;
}

/** Caches the learned products, then switches off the lost rewards (both by id of `rewards`). */
async function apply(ctx: AppContext, shopId: number, rewards: readonly RewardProductRef[], effect: LookupEffect, ref: EventRef, how?: string) {
  const byId = new Map(rewards.map((r) => [r.id, r]));
  if (effect.learned.length > 0) await learnRewardProducts(ctx.db, shopId, effect.learned.map((l) => ({ ...byId.get(l.id)!, productId: l.productId })));
  await switchOff(ctx, shopId, effect.lost.map((id) => byId.get(id)!), ref, how);
}

/**
 * Rewards saved before `productId` was cached cannot tell whether a `products/delete` concerns them, so the platform
 * is asked about their variants (lookUpVariants): a variant it no longer returns is gone (marked as above), one it
 * returns teaches the reward its product, so later deletions match it directly.
 */
async function settleUnlearned(ctx: AppContext, shopId: number, ref: EventRef): Promise<void> {
  const rewards = await findUnlearnedRewards(ctx.db, shopId);
  if (rewards.length === 0) return;
  const answer = await lookUpVariants(ctx, ref, rewards, 'free-product rewards of unknown product not checked: the shop has no offline token');
  if (answer) await apply(ctx, shopId, rewards, lookupEffect(rewards, answer), ref, 'variant looked up');
}

/**
 * A `products/update` whose variant list lacks a reward's variant only suggests the variant is gone: the platform's
 * product payload need not list every variant of a very large product. So the platform is asked about those variants
 * first (lookUpVariants): only one it no longer returns is marked. Asked only when the payload suggests a loss, never
 * per ordinary product edit. Without an offline token nothing is marked.
 */
async function confirmRemoved(ctx: AppContext, shopId: number, suspects: readonly RewardProductRef[], ref: EventRef): Promise<void> {
  if (suspects.length === 0) return;
  const answer = await lookUpVariants(ctx, ref, suspects, 'free-product rewards whose variant products/update did not list not checked: the shop has no offline token');
  if (!answer) return;
  const effect = answerEffect(suspects, answer);
  const kept = suspects.filter((r) => !effect.lost.includes(r.id)).map((r) => r.id);
  if (kept.length > 0) ctx.log.info({ ...ref, rewardIds: kept }, 'free-product rewards kept: products/update did not list their variant, but the platform still has it');
  await apply(ctx, shopId, suspects, effect, ref, 'variant looked up');
}

/**
 * `products/delete` and `products/update`: a free-product reward whose variant the shop no longer has is switched off
 * and marked (`productMissingAt`), so the storefront stops offering it (inactive rewards are not listed, not
 * redeemable), perks and gifts that give it say why they cannot, and the admin shows the merchant a warning.
 * Idempotent and order-independent: rewards are only ever marked here (never unmarked), each once, and an update
 * older than the reward's last save is ignored (see lost-products.ts). A shop the app has not met has no rewards:
 * nothing is created for it. `products/delete` (the product is gone with all its variants) marks its rewards at once
 * and also settles the rewards whose product is unknown (settleUnlearned); a `products/update` loss is confirmed
 * first (confirmRemoved).
 */
function productChangeHandler(parse: (payload: unknown) => ProductChange, lookUpUnlearned: boolean): TopicHandler {
  return async (ctx, shopDomain, payload, event) => {
    const change = parse(payload);
    const shop = await findShopByDomain(ctx.db, shopDomain);
    if (!shop) return;
    const ref: EventRef = { shop: shopDomain, eventId: String(event.id), productId: change.productId };
    const rewards = await findRewardsOfProduct(ctx.db, shop.id, change);
    const { lost, learned } = productChangeEffect(rewards, change);
    const byId = new Map(rewards.map((r) => [r.id, r]));
    const pick = (ids: number[]) => ids.map((id) => byId.get(id)!);
    if (learned.length > 0) await learnRewardProducts(ctx.db, shop.id, pick(learned).map((r) => ({ ...r, productId: change.productId })));
    if (change.variantIds === null) {
      // Before the lookup: what the payload settles is not held up by a throttled call.
      await switchOff(ctx, shop.id, pick(lost), ref);
    } else {
      await confirmRemoved(ctx, shop.id, pick(lost), ref);
    }
    if (lookUpUnlearned) await settleUnlearned(ctx, shop.id, ref);
  };
}

export const handleProductDeleted = productChangeHandler(parseProductDeleted, true);
// No lookup per product edit: only a payload that lacks a reward's variant is confirmed (confirmRemoved). An update
// lists the product's variants, so an unlearned reward listed learns from it; one whose variant an update removed is
// only found by the shop's next products/delete (its lookup).
export const handleProductUpdated = productChangeHandler(parseProductUpdated, false);
