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

/** A stored reward's mark, as the save's transaction reads it (the row locked): on which variant, since when. */
export interface StoredMark {
  productVariantId: string | null;
  productMissingAt: Date;
}

interface LookedUpReward extends EditedReward {
  /** Set when the save looked the variant up (the write then clears the mark); undefined: not looked up. */
  product?: unknown;
  productId?: string | null;
}

/**
 * Whether a stored mark outlives a save that looked `savedVariant` up: a product webhook handled after the save's
 * lookups started may have marked that very variant gone; such a mark is newer than the lookup's answer and wins. A
 * mark older than the lookups was answered by them (the platform had the variant), and a mark on a variant the save
 * replaces no longer applies: both are cleared. Shared by rewards and campaigns (campaigns/save.ts). Pure.
 */
export function markMadeDuringLookup(mark: StoredMark | undefined, savedVariant: string | null | undefined, lookupStartedAt: Date): boolean {
  return mark !== undefined && savedVariant === mark.productVariantId && mark.productMissingAt.getTime() >= lookupStartedAt.getTime();
}

/**
 * A save looks its rewards' variants up on the platform before its transaction; a product webhook handled meanwhile
 * may have marked one of those variants gone (markMadeDuringLookup): the reward is then written as a marked one kept
 * unchanged (its stored variant and product, the mark kept, switched off; its other fields as edited); other marks
 * are cleared by the write. `marks`: the stored marked rewards by id. Pure.
 */
export function keepMarksMadeDuringLookups<R extends LookedUpReward>(
  edited: readonly R[],
  marks: ReadonlyMap<number, StoredMark>,
  lookupStartedAt: Date,
): R[] {
  return edited.map((reward) => {
    const mark = reward.id === null ? undefined : marks.get(reward.id);
    const newer = reward.product !== undefined && markMadeDuringLookup(mark, reward.productVariantId, lookupStartedAt);
    return newer ? { ...reward, active: false, productVariantId: undefined, product: undefined, productId: undefined } : reward;
  });
}
