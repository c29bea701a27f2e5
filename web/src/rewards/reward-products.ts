import type { RewardKind } from '../program/default-program.js';
import type { RewardProduct } from '../program/repository.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import { findVariant, toRewardProduct, type VariantSummary } from './products.js';

interface RewardWithVariant {
  kind: RewardKind;
  /** undefined: keep what is stored. */
  productVariantId?: string | null;
}

/**
 * Saving rewards: looks up each free_product reward's variant on the platform (once per variant) and adds what the
 * storefront shows of it (`product`: title, variant title, image URL) and its product's GID (`productId`, what
 * `products/delete` names) to the reward; other kinds get `product: null`.
 * A variant the shop does not have is an issue at `rewards.{i}.productVariantId`. Platform failures propagate.
 */
export async function withRewardProducts<R extends RewardWithVariant>(
  admin: AdminClient,
  shop: string,
  rewards: readonly R[],
): Promise<{ ok: true; rewards: (R & { product?: RewardProduct | null; productId?: string | null })[] } | Invalid> {
  const wanted = new Set(rewards.flatMap((r) => (r.kind === 'free_product' && r.productVariantId ? [r.productVariantId] : [])));
  const found = new Map<string, VariantSummary | null>();
  for (const id of wanted) found.set(id, await findVariant(admin, shop, id));
  const issues: FieldIssues = {};
  const withProducts = rewards.map((reward, i) => {
    if (reward.productVariantId === undefined) return reward;
    if (reward.kind !== 'free_product' || reward.productVariantId === null) return { ...reward, product: null, productId: null };
    const variant = found.get(reward.productVariantId) ?? null;
    if (!variant) issues[`rewards.${i}.productVariantId`] = domainIssue('reward_product_unknown');
    return { ...reward, product: variant && toRewardProduct(variant), productId: variant?.productId ?? null };
  });
  return Object.keys(issues).length > 0 ? { ok: false, issues } : { ok: true, rewards: withProducts };
}
