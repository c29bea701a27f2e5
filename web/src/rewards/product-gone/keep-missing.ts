import type { RewardRecord } from '../../program/repository.js';

interface EditedReward {
  id: number | null;
  kind: RewardRecord['kind'];
  active: boolean;
  /** undefined: keep what is stored. */
  productVariantId?: string | null;
}

/**
 * A reward switched off because its product was deleted, saved again as it is (same variant, still off), keeps its
 * stored variant without a lookup: the platform no longer has it, and the lookup would refuse the whole save, so
 * the merchant could not edit anything else until they replaced the product. Switching it on with that variant still
 * looks it up (and is refused: the product is gone); another variant is looked up and clears the mark. Pure.
 */
export function keepMissingProducts<R extends EditedReward>(edited: readonly R[], stored: readonly RewardRecord[]): R[] {
  const missing = new Map(stored.filter((r) => r.productMissingAt !== null).map((r) => [r.id, r]));
  return edited.map((reward) => {
    const was = reward.id === null ? undefined : missing.get(reward.id);
    const unchanged = was && reward.kind === 'free_product' && !reward.active && reward.productVariantId === was.productVariantId;
    return unchanged ? { ...reward, productVariantId: undefined } : reward;
  });
}
