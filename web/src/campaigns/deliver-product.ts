import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_CREATE, DRAFT_ORDER_STATE } from '../shopify/operations/draft-orders.js';
import { recordDelivery, type DeliveryContext } from './delivery.js';
import { giftDraftOrderInput } from './draft-order-input.js';
import { recordRecipientProgress, type ClaimedRecipient } from './run-repository.js';

/**
 * A free product as an order of 0.00: `draftOrderCreate` (the variant, 100 % off), the draft's id stored, then
 * `draftOrderComplete`. A retry of a recipient whose draft exists completes that draft (or takes the order it
 * already became) instead of creating another.
 */
export async function deliverFreeProduct(delivery: DeliveryContext, recipient: ClaimedRecipient, productVariantId: string): Promise<void> {
  const { ctx, admin, shop } = delivery;
  let draftOrderId = recipient.draftOrderId;
  let order: { id: string } | null = null;
  if (draftOrderId === null) {
    const input = giftDraftOrderInput({ customerId: recipient.customerId, productVariantId, campaignName: delivery.campaignName });
    const created = (await admin.request(shop.domain, DRAFT_ORDER_CREATE, { input })).draftOrderCreate.draftOrder;
    if (!created) throw new Error('draftOrderCreate returned no draft order and no userErrors');
    draftOrderId = created.id;
    await recordRecipientProgress(ctx.db, recipient.id, { draftOrderId });
  } else {
    const existing = (await admin.request(shop.domain, DRAFT_ORDER_STATE, { id: draftOrderId })).draftOrder;
    if (!existing) throw new Error(`draft order ${draftOrderId} no longer exists`);
    order = existing.order;
  }
  if (!order) {
    const completed = (await admin.request(shop.domain, DRAFT_ORDER_COMPLETE, { id: draftOrderId })).draftOrderComplete.draftOrder;
    order = completed?.order ?? null;
    if (!order) throw new Error(`draftOrderComplete left draft order ${draftOrderId} without an order`);
  }
  const orderId = order.id;
  const draftId = draftOrderId;
  await ctx.db.$transaction((tx) => recordDelivery(tx, delivery, recipient, { delivered: { draftOrderId: draftId, orderId } }));
}
