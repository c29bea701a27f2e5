import type { AdminClient } from '../shopify/admin-client.js';
import { AdminApiUnexpectedAnswerError } from '../shopify/admin-errors.js';
import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_CREATE, DRAFT_ORDER_STATE, type DraftOrderNode } from '../shopify/operations/draft-orders.js';
import { recordDelivery, type DeliveryContext } from './delivery.js';
import { giftDraftOrderInput } from './draft-order-input.js';
import { findGiftDraft } from './gift-draft-lookup.js';
import { CreatedNotRecordedError } from './rules/delivery-retry.js';
import { draftOrderMissing, GiftNotDeliverableError } from './rules/failure.js';
import { recordRecipientProgress, type ClaimedRecipient } from './run-repository.js';

/**
 * A free product as an order of 0.00: `draftOrderCreate` (the variant, 100 % off, tagged with the recipient's
 * marker), the draft's id stored, then `draftOrderComplete`. Each recipient gets one draft, whatever crashed before:
 * - the id was stored: that draft is read back, and completed unless it already became an order;
 * - no id stored: the platform is searched for the marker first, because a previous attempt may have created the
 *   draft and died before storing its id (process killed, database unreachable). A draft found is adopted (its id
 *   stored, completed or its order taken); only when none exists is one created, unless the product was deleted
 *   from the shop (`productGone`): the recipient then fails with that reason, without asking the platform to create
 *   what it would refuse.
 */
export async function deliverFreeProduct(delivery: DeliveryContext, recipient: ClaimedRecipient, productVariantId: string): Promise<void> {
  const { ctx, admin, shop } = delivery;
  let draft: DraftOrderNode;
  if (recipient.draftOrderId !== null) {
    const existing = (await admin.request(shop.domain, DRAFT_ORDER_STATE, { id: recipient.draftOrderId })).draftOrder;
    // Deleted on the platform (by the merchant): a retry would find it gone again.
    if (!existing) throw new GiftNotDeliverableError(draftOrderMissing(recipient.draftOrderId));
    draft = existing;
  } else {
    const found = await findGiftDraft(admin, shop.domain, recipient.id);
    draft = found ?? (await createGiftDraft(delivery, recipient, productVariantId));
    try {
      await recordRecipientProgress(ctx.db, recipient.id, { draftOrderId: draft.id });
    } catch (error) {
      // A draft just created and not recorded: the retry finds it only through the platform's lagging search.
      throw found ? error : new CreatedNotRecordedError(`draft order ${draft.id}`, error);
    }
  }
  const order = draft.order ?? (await completeDraft(admin, shop.domain, draft.id));
  await ctx.db.$transaction((tx) => recordDelivery(tx, delivery, recipient, { delivered: { draftOrderId: draft.id, orderId: order.id } }));
}

async function createGiftDraft(delivery: DeliveryContext, recipient: ClaimedRecipient, productVariantId: string): Promise<DraftOrderNode> {
  if (delivery.productGone) throw new GiftNotDeliverableError(delivery.productGone);
  const input = giftDraftOrderInput({
    recipientId: recipient.id,
    customerId: recipient.customerId,
    productVariantId,
    campaignName: delivery.campaignName,
    customerLocale: recipient.locale,
    shopLocale: delivery.shop.primaryLocale,
  });
  const created = (await delivery.admin.request(delivery.shop.domain, DRAFT_ORDER_CREATE, { input })).draftOrderCreate.draftOrder;
  if (!created) throw new AdminApiUnexpectedAnswerError('draftOrderCreate returned no draft order and no userErrors');
  return created;
}

async function completeDraft(admin: AdminClient, shopDomain: string, draftOrderId: string): Promise<{ id: string }> {
  const completed = (await admin.request(shopDomain, DRAFT_ORDER_COMPLETE, { id: draftOrderId })).draftOrderComplete.draftOrder;
  if (!completed?.order) throw new AdminApiUnexpectedAnswerError(`draftOrderComplete left draft order ${draftOrderId} without an order`);
  return completed.order;
}
