import type { AppContext } from '../../app/context.js';
import { createAdminClient, ShopNotInstalledError, type AdminClient } from '../../shopify/admin-client.js';
import { PRODUCT_VARIANT_PRODUCTS } from '../../shopify/operations/products.js';
import { findShopByDomain } from '../../shops/repository.js';
import type { TopicHandler } from '../../webhooks/handlers.js';
import { PRODUCT_HOLDERS, type ProductHolders } from './holders.js';
import { productChangeEffect, type ProductRef } from './lost-products.js';
import { parseProductDeleted, parseProductUpdated, type ProductChange } from './payloads.js';
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

/** Some rewards or some campaigns (holders.ts), as the rules see them. */
interface Group {
  holders: ProductHolders;
  refs: ProductRef[];
}

/** The groups' ids for a log line, by kind (`rewardIds`, `campaignIds`). */
const idsOf = (groups: readonly Group[]) => Object.fromEntries(groups.map((g) => [g.holders.idsField, g.refs.map((r) => r.id)]));

/** Marks the group's rewards (switched off) or campaigns; logs those marked now (a duplicate delivery marks none). */
async function switchOff(ctx: AppContext, shopId: number, group: Group, ref: EventRef, how?: string) {
  if (group.refs.length === 0) return;
  const marked = await group.holders.markMissing(ctx.db, shopId, group.refs, new Date());
  if (marked.length > 0) {
    ctx.log.info({ ...ref, [group.holders.idsField]: marked, ...(how ? { how } : {}) }, group.holders.markedMessage);
  }
}

/**
 * Asks the platform which of the groups' variants it still has, and of which product (`nodes`, NODES_PER_CALL ids a
 * call, each variant once whether rewards or campaigns give it): the answer by variant (variantProducts). A shop
 * without an offline token cannot be asked: null, logged as `skipped` (the event still succeeds; an uninstalled shop
 * sends no more webhooks anyway). Any other failure of the call (throttled, 5xx, network) throws: the event is
 * retried, not lost.
 */
async function lookUpVariants(ctx: AppContext, ref: EventRef, groups: readonly Group[], skipped: string): Promise<Map<string, string | null> | null> {
  const admin = lookupClient(ctx);
  const ids = [...new Set(groups.flatMap((g) => g.refs.map((r) => r.productVariantId!)))];
  const answer = new Map<string, string | null>();
  try {
    for (let start = 0; start < ids.length; start += NODES_PER_CALL) {
      const asked = ids.slice(start, start + NODES_PER_CALL);
      const { nodes } = await admin.request(ref.shop, PRODUCT_VARIANT_PRODUCTS, { ids: asked });
      for (const [id, productId] of variantProducts(asked, nodes)) answer.set(id, productId);
    }
  } catch (error) {
    if (!(error instanceof ShopNotInstalledError)) throw error;
    ctx.log.info({ ...ref, ...idsOf(groups) }, skipped);
    return null;
  }
  return answer;
}

/** Caches the learned products, then marks the lost ones (both by id of the group's). */
async function apply(ctx: AppContext, shopId: number, group: Group, effect: LookupEffect, ref: EventRef, how?: string) {
  const byId = new Map(group.refs.map((r) => [r.id, r]));
  if (effect.learned.length > 0) {
    await group.holders.learn(ctx.db, shopId, effect.learned.map((l) => ({ ...byId.get(l.id)!, productId: l.productId })));
  }
  await switchOff(ctx, shopId, { holders: group.holders, refs: effect.lost.map((id) => byId.get(id)!) }, ref, how);
}

/**
 * Rewards and campaigns saved before their product was cached cannot tell whether a `products/delete` concerns them,
 * so the platform is asked about their variants (lookUpVariants, one lookup for both): a variant it no longer returns
 * is gone (marked as above), one it returns teaches its product, so later deletions match directly.
 */
async function settleUnlearned(ctx: AppContext, shopId: number, ref: EventRef): Promise<void> {
  const groups: Group[] = [];
  for (const holders of PRODUCT_HOLDERS) {
    const refs = await holders.findUnlearned(ctx.db, shopId);
    if (refs.length > 0) groups.push({ holders, refs });
  }
  if (groups.length === 0) return;
  const answer = await lookUpVariants(ctx, ref, groups, 'free products of unknown product not checked: the shop has no offline token');
  if (!answer) return;
  for (const group of groups) await apply(ctx, shopId, group, lookupEffect(group.refs, answer), ref, 'variant looked up');
}

/**
 * A `products/update` whose variant list lacks a reward's (or campaign's) variant only suggests the variant is gone:
 * the platform's product payload need not list every variant of a very large product. So the platform is asked about
 * those variants first (lookUpVariants): only one it no longer returns is marked. Asked only when the payload
 * suggests a loss, never per ordinary product edit. Without an offline token nothing is marked.
 */
async function confirmRemoved(ctx: AppContext, shopId: number, suspects: readonly Group[], ref: EventRef): Promise<void> {
  const groups = suspects.filter((g) => g.refs.length > 0);
  if (groups.length === 0) return;
  const answer = await lookUpVariants(ctx, ref, groups, 'free products whose variant products/update did not list not checked: the shop has no offline token');
  if (!answer) return;
  for (const group of groups) {
    const effect = answerEffect(group.refs, answer);
    const kept = group.refs.filter((r) => !effect.lost.includes(r.id)).map((r) => r.id);
    if (kept.length > 0) {
      ctx.log.info({ ...ref, [group.holders.idsField]: kept }, 'free products kept: products/update did not list their variant, but the platform still has it');
    }
    await apply(ctx, shopId, group, effect, ref, 'variant looked up');
  }
}

/**
 * `products/delete` and `products/update`: a free-product reward whose variant the shop no longer has is switched off
 * and marked (`productMissingAt`), so the storefront stops offering it (inactive rewards are never redeemable; the
 * widget does not show them), perks and gifts that give it say why they cannot, and the admin shows the merchant a warning. A
 * free-product campaign (not deleted) whose gift variant is gone is marked the same way (`giftProductMissingAt`): it
 * starts no runs, and the admin warns (campaigns/rules/gift-product.ts).
 * Idempotent and order-independent: both are only ever marked here (never unmarked), each once, and an update older
 * than the reward's or campaign's last save is ignored (see lost-products.ts). A shop the app has not met has neither:
 * nothing is created for it. `products/delete` (the product is gone with all its variants) marks those of the product
 * at once and also settles those whose product is unknown (settleUnlearned); a `products/update` loss is confirmed
 * first (confirmRemoved, one lookup for rewards and campaigns).
 */
function productChangeHandler(parse: (payload: unknown) => ProductChange, lookUpUnlearned: boolean): TopicHandler {
  return async (ctx, shopDomain, payload, event) => {
    const change = parse(payload);
    const shop = await findShopByDomain(ctx.db, shopDomain);
    if (!shop) return;
    const ref: EventRef = { shop: shopDomain, eventId: String(event.id), productId: change.productId };
    const suspects: Group[] = [];
    for (const holders of PRODUCT_HOLDERS) {
      const refs = await holders.findOfProduct(ctx.db, shop.id, change);
      const { lost, learned } = productChangeEffect(refs, change);
      const byId = new Map(refs.map((r) => [r.id, r]));
      const pick = (ids: number[]) => ids.map((id) => byId.get(id)!);
      if (learned.length > 0) await holders.learn(ctx.db, shop.id, pick(learned).map((r) => ({ ...r, productId: change.productId })));
      // A deletion marks before any lookup: what the payload settles is not held up by a throttled call.
      if (change.variantIds === null) await switchOff(ctx, shop.id, { holders, refs: pick(lost) }, ref);
      else suspects.push({ holders, refs: pick(lost) });
    }
    await confirmRemoved(ctx, shop.id, suspects, ref);
    if (lookUpUnlearned) await settleUnlearned(ctx, shop.id, ref);
  };
}

export const handleProductDeleted = productChangeHandler(parseProductDeleted, true);
// No lookup per product edit: only a payload that lacks a reward's or campaign's variant is confirmed
// (confirmRemoved). An update lists the product's variants, so an unlearned one listed learns from it; one whose
// variant an update removed is only found by the shop's next products/delete (its lookup).
export const handleProductUpdated = productChangeHandler(parseProductUpdated, false);
