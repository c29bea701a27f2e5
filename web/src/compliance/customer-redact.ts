import { eraseCustomer } from '../loyalty/members/erase.js';
import { findShopByDomain } from '../shops/repository.js';
import type { TopicHandler } from '../webhooks/handlers.js';
import { redactCustomerFromInbox } from '../webhooks/inbox-redaction.js';
import { assertPayloadShop } from '../webhooks/payload-shop.js';
import { parseCustomerRedact } from './payloads.js';

/**
 * `customers/redact`: everything on the customer goes, so that afterwards the customer reads as never seen.
 *
 * 1. The inbox first: payloads naming the customer or their orders are dropped, and their events still waiting
 *    are closed, so a queued `orders/paid` cannot re-create the member after the erasure (this step finds the
 *    customer's orders in the points data, which step 2 deletes).
 * 2. The points data and earlier data-request exports: member, ledger, orders, refunds, redemptions, exports
 *    (`eraseCustomer`).
 *
 * Every step is idempotent, so a retry after a failure in between completes the erasure. Not covered: a
 * delivery about the customer that the platform sends only after this event (Shopify sends customers/redact
 * days after the request, when the customer's events are long processed).
 */
export const handleCustomerRedact: TopicHandler = async (ctx, shopDomain, payload, event) => {
  assertPayloadShop('customers/redact', payload, shopDomain);
  const request = parseCustomerRedact(payload);
  const scrubbed = await redactCustomerFromInbox(ctx.db, {
    shopDomain,
    customerId: request.customerId,
    orderIds: request.ordersToRedact,
    exceptEventId: event.id,
  });
  const shop = await findShopByDomain(ctx.db, shopDomain);
  if (shop) await eraseCustomer(ctx.db, shop.id, request.customerId);
  ctx.log.info({ shop: shopDomain, eventId: String(event.id), inboxEvents: scrubbed }, 'customer redacted');
};
