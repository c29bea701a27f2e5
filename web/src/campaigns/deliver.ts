import { deliverRewardCode } from './deliver-code.js';
import { deliverBonusPoints } from './deliver-points.js';
import { deliverFreeProduct } from './deliver-product.js';
import type { DeliveryContext } from './delivery.js';
import type { ClaimedRecipient } from './run-repository.js';

/**
 * Delivers the run's gift to one recipient; throws when it cannot, and the runner decides from the error whether the
 * recipient fails or is tried again (rules/delivery-retry.ts). Every kind is safe to run again after any failure.
 */
export async function deliverGift(delivery: DeliveryContext, recipient: ClaimedRecipient): Promise<void> {
  const gift = delivery.run.gift;
  switch (gift.kind) {
    case 'bonus_points':
      return deliverBonusPoints(delivery, recipient, gift.points);
    case 'reward_code':
      return deliverRewardCode(delivery, recipient, gift.rewardId);
    case 'free_product':
      return deliverFreeProduct(delivery, recipient, gift.productVariantId);
  }
}
