import { Decimal } from 'decimal.js';
import type { RewardRecord } from '../program/repository.js';

/**
 * What decides whether a reward can be issued as a code. `productMissingAt` may be left out by callers that read
 * rewards without it (then only the configuration counts).
 */
export type IssuableReward = Pick<RewardRecord, 'kind' | 'value' | 'productVariantId'> & Partial<Pick<RewardRecord, 'productMissingAt'>>;

/** Why a reward cannot be issued: its configuration, or its free product was deleted on the platform. */
export type IssueBlocker = 'not_configured' | 'product_missing';

/**
 * What keeps `reward` from being issued, or null when it can be: a percentage in (0, 1], an amount above 0, a free
 * product with its variant (rewards saved before free products needed one may lack it) that the platform still has
 * as far as the app knows (`products/delete`, `products/update`). Pure.
 */
export function issueBlocker(reward: IssuableReward): IssueBlocker | null {
  switch (reward.kind) {
    case 'free_shipping':
      return null;
    case 'percentage_off':
      return reward.value !== null && new Decimal(reward.value).gt(0) && new Decimal(reward.value).lte(1) ? null : 'not_configured';
    case 'amount_off':
      return reward.value !== null && new Decimal(reward.value).gt(0) ? null : 'not_configured';
    case 'free_product':
      if (!reward.productVariantId) return 'not_configured';
      return reward.productMissingAt ? 'product_missing' : null;
  }
}

/** Whether `reward` can be issued as configured (`discountMutationFor` gives null otherwise). Pure. */
export function canIssue(reward: IssuableReward): boolean {
  return issueBlocker(reward) === null;
}

/** The reason stored on a perk grant or gift that could not be issued (the merchant reads it). Pure. */
export function issueBlockerMessage(blocker: IssueBlocker): string {
  return blocker === 'product_missing'
    ? "the reward's product was deleted in the shop; pick another product for the reward"
    : 'the reward cannot be issued as configured';
}
