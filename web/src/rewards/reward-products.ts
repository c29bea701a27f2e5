import type { RewardKind } from '../program/default-program.js';
import type { RewardProduct } from '../program/repository.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import { findVariant, toRewardProduct } from './products.js';

interface RewardWithVariant {
  kind: RewardKind;
  /** undefined: keep what is stored. */
  productVariantId?: string | null;
}

/**
 * Saving rewards: looks up each free_product reward's variant on the platform (once per variant) and adds what the
 * storefront shows of it (`product`: title, variant title, image URL) to the reward; other kinds get `product: null`.
 * A variant the shop does not have is an issue at `rewards.{i}.productVariantId`. Platform failures propagate.
 */
export async function withRewardProducts<R extends RewardWithVariant>(
  admin: AdminClient,
  shop: string,
  rewards: readonly R[],
): Promise<{ ok: true; rewards: (R & { product?: RewardProduct | null })[] } | Invalid> {
  const wanted = new Set(rewards.flatMap((r) => (r.kind === 'free_product' && r.productVariantId ? [r.productVariantId] : [])));
  const found = new Map<string, RewardProduct | null>();
  for (const id of wanted) {
    const variant = await findVariant(admin, shop, id);
    found.set(id, variant && toRewardProduct(variant));
  }
  const issues: FieldIssues = {};
  const withProducts = rewards.map((reward, i) => {
    if (reward.productVariantId === undefined) return reward;
    if (reward.kind !== 'free_product' || reward.productVariantId === null) return { ...reward, product: null };
    const product = found.get(reward.productVariantId) ?? null;
    if (!product) issues[`rewards.${i}.productVariantId`] = domainIssue('reward_product_unknown');
    return { ...reward, product };
  });
  return Object.keys(issues).length > 0 ? { ok: false, issues } : { ok: true, rewards: withProducts };
}
