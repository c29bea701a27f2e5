import type { DraftOrderInput } from '../shopify/operations/draft-orders.js';
import { mailLocaleFor, type MailLocale } from '../notifications/messages.js';
import { customerGid } from '../shopify/shop-domain.js';

/** Tags of every gift order, so the merchant can find them in the orders list. */
export const GIFT_ORDER_TAGS = ['loyale', 'loyale-surprise-gift'];

/**
 * The tag that marks the one draft order of one recipient (a campaign recipient row, unique per run and member).
 * It lets a retry find a draft whose id was never stored (the process died between `draftOrderCreate` and the
 * database write) instead of creating a second one. Deterministic, and short (tags are limited in length).
 */
export function giftDraftMarker(recipientId: number): string {
  if (!Number.isSafeInteger(recipientId) || recipientId <= 0) throw new Error(`not a recipient id: ${recipientId}`);
  return `loyale-gift-${recipientId}`;
}

/**
 * The `draftOrders(query:)` search for a recipient's draft. The value is quoted so that the search syntax takes the
 * tag as one exact value (hyphens and digits included), whatever the marker looks like.
 */
export function giftDraftQuery(recipientId: number): string {
  return `tag:"${giftDraftMarker(recipientId)}"`;
}

/** The discount's title the customer reads on the gift order, and the note the merchant reads on it. */
const GIFT_WORDS: Record<MailLocale, { title: string; note: (campaign: string) => string }> = {
  en: { title: 'Surprise gift', note: (campaign) => `Loyale surprise gift: ${campaign}` },
  de: { title: 'Überraschungsgeschenk', note: (campaign) => `Loyale-Überraschungsgeschenk: ${campaign}` },
};

/**
 * The draft order of a free-product gift: the customer, the variant once, 100 % off the order (so it totals 0.00 and
 * completes without payment), shipped to the customer's default address, tagged and noted for the merchant, and
 * marked with the recipient's tag (`giftDraftMarker`) so that a retry finds it. The discount's title is in the
 * customer's language (their order shows it), the note in the shop's.
 */
export function giftDraftOrderInput(gift: {
  recipientId: number;
  customerId: string;
  productVariantId: string;
  campaignName: string;
  customerLocale: string | null;
  shopLocale: string | null;
}): DraftOrderInput {
  return {
    purchasingEntity: { customerId: customerGid(gift.customerId) },
    lineItems: [{ variantId: gift.productVariantId, quantity: 1 }],
    appliedDiscount: { valueType: 'PERCENTAGE', value: 100, title: GIFT_WORDS[mailLocaleFor(gift.customerLocale)].title, description: gift.campaignName },
    useCustomerDefaultAddress: true,
    note: GIFT_WORDS[mailLocaleFor(gift.shopLocale)].note(gift.campaignName),
    tags: [...GIFT_ORDER_TAGS, giftDraftMarker(gift.recipientId)],
  };
}
