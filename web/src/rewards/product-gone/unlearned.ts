import type { VariantProductNode } from '../../shopify/operations/products.js';
import type { ProductRef } from './lost-products.js';

/**
 * What the platform's answer about rewards' variants (`nodes(ids:)`) means. Asked in two cases: rewards saved before
 * `productId` was cached cannot be matched by `products/delete` (it names only the product), so when one arrives the
 * app asks about their variants instead; and a `products/update` whose variant list lacks a reward's variant is
 * confirmed before the reward is marked (the payload may not list every variant of a large product). Free-product
 * campaigns are read the same way (a ProductRef each). Pure; the call is in handle.ts.
 */

/** What a lookup settles: rewards whose variant is gone (switched off and marked), and those that learn their product. */
export interface LookupEffect {
  lost: number[];
  learned: { id: number; productId: string }[];
}

/** The free-product rewards whose product is unknown and that are not marked: the only ones a lookup concerns. */
export function unlearnedRewards<R extends ProductRef>(rewards: readonly R[]): R[] {
  return rewards.filter((r) => r.kind === 'free_product' && r.productVariantId !== null && r.productId === null && r.productMissingAt === null);
}

/**
 * The platform's answer by asked variant: its product's GID, or null when the shop no longer has it. `nodes` answers
 * position by position; an answer of another length cannot be read that way and throws (nothing is marked on it,
 * the event is retried). A node of another type (no product) is left out: not an answer about a variant.
 */
export function variantProducts(ids: readonly string[], nodes: readonly (VariantProductNode | null)[]): Map<string, string | null> {
  if (nodes.length !== ids.length) throw new Error(`nodes answered ${nodes.length} nodes for ${ids.length} ids`);
  const found = new Map<string, string | null>();
  ids.forEach((id, i) => {
    const node = nodes[i];
    if (node === null || node === undefined) found.set(id, null);
    else if ('product' in node && node.id === id) found.set(id, node.product.id);
  });
  return found;
}

/**
 * Which of the rewards are gone and which learn their product, given `answer` (variantProducts). A variant the
 * platform does not return (null) is gone now: the lookup happens after the deletion it answers for, and a variant id
 * is never reused, so no later save can bring it back. One it returns is not gone, whatever a payload said; a reward
 * that does not know its product learns it. A variant the answer does not mention is left for the next lookup.
 * Rewards of another kind, without variant or already marked are left alone. Pure.
 */
export function answerEffect(rewards: readonly ProductRef[], answer: ReadonlyMap<string, string | null>): LookupEffect {
  const effect: LookupEffect = { lost: [], learned: [] };
  for (const reward of rewards) {
    if (reward.kind !== 'free_product' || reward.productVariantId === null || reward.productMissingAt !== null) continue;
    const productId = answer.get(reward.productVariantId);
    if (productId === null) effect.lost.push(reward.id);
    else if (productId !== undefined && reward.productId === null) effect.learned.push({ id: reward.id, productId });
  }
  return effect;
}

/**
 * answerEffect for the rewards whose product is unknown only (a `products/delete` lookup): those that know their
 * product are matched by the deletion directly. Pure.
 */
export function lookupEffect(rewards: readonly ProductRef[], answer: ReadonlyMap<string, string | null>): LookupEffect {
  return answerEffect(unlearnedRewards(rewards), answer);
}
