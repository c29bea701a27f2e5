import { eraseShop } from '../shops/repository.js';
import type { TopicHandler } from '../webhooks/handlers.js';

/**
 * `shop/redact` (sent 48 hours after an uninstall): everything of the shop is erased (program, members, ledger,
 * orders, exports, sessions) and every inbox payload of the shop is dropped; events of the shop still waiting
 * then find no payload and are closed without running. The shop is named by the verified
 * X-Shopify-Shop-Domain header, not by the body.
 */
export const handleShopRedact: TopicHandler = async (ctx, shopDomain, _payload, event) => {
  await eraseShop(ctx.db, shopDomain);
  ctx.log.info({ shop: shopDomain, eventId: String(event.id) }, 'shop redacted');
};
