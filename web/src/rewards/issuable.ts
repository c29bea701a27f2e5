import { Decimal } from 'decimal.js';
import type { RewardRecord } from '../program/repository.js';

/** What decides whether a reward can be issued as a code. */
export type IssuableReward = Pick<RewardRecord, 'kind' | 'value' | 'productVariantId'>;

/**
 * Whether `reward` can be issued as configured (`discountMutationFor` gives null otherwise): a percentage in (0, 1],
 * an amount above 0, a free product with its variant (rewards saved before free products needed one may lack it).
 * Pure.
 */
export function canIssue(reward: IssuableReward): boolean {
  switch (reward.kind) {
    case 'free_shipping':
      return true;
    case 'percentage_off':
      return reward.value !== null && new Decimal(reward.value).gt(0) && new Decimal(reward.value).lte(1);
    case 'amount_off':
      return reward.value !== null && new Decimal(reward.value).gt(0);
    case 'free_product':
      return Boolean(reward.productVariantId);
  }
}
