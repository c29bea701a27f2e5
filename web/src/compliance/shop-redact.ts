import { eraseShop } from '../shops/repository.js';
import type { TopicHandler } from '../webhooks/handlers.js';
import { assertPayloadShop } from '../webhooks/payload-shop.js';

/**
 * `shop/redact` (sent 48 hours after an uninstall): everything of the shop is erased (program, members, ledger,
 * orders, exports, sessions) and every inbox payload of the shop is dropped; events of the shop still waiting
 * then find no payload and are closed without running. The shop is the X-Shopify-Shop-Domain header's, which the
 * HMAC does not cover: a body that names another shop (`shop_domain`) erases nothing.
 */
export const handleShopRedact: TopicHandler = async (ctx, shopDomain, payload, event) => {
  assertPayloadShop('shop/redact', payload, shopDomain);
  await eraseShop(ctx.db, shopDomain);
  ctx.log.info({ shop: shopDomain, eventId: String(event.id) }, 'shop redacted');
};
