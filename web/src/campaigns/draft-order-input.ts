import type { DraftOrderInput } from '../shopify/operations/draft-orders.js';
import { customerGid } from '../shopify/shop-domain.js';

/** Tags of every gift order, so the merchant can find them in the orders list. */
export const GIFT_ORDER_TAGS = ['loyale', 'loyale-surprise-gift'];

/**
 * The draft order of a free-product gift: the customer, the variant once, 100 % off the order (so it totals 0.00 and
 * completes without payment), shipped to the customer's default address, tagged and noted for the merchant.
 */
export function giftDraftOrderInput(gift: { customerId: string; productVariantId: string; campaignName: string }): DraftOrderInput {
  return {
    purchasingEntity: { customerId: customerGid(gift.customerId) },
    lineItems: [{ variantId: gift.productVariantId, quantity: 1 }],
    appliedDiscount: { valueType: 'PERCENTAGE', value: 100, title: 'Surprise gift', description: gift.campaignName },
    useCustomerDefaultAddress: true,
    note: `Loyale surprise gift: ${gift.campaignName}`,
    tags: GIFT_ORDER_TAGS,
  };
}
