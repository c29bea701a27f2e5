import { InvalidPayloadError } from '../loyalty/orders/errors.js';

/**
 * The platform's HMAC signs the body, not the headers: a body signed for one shop could be sent again with another
 * shop's `X-Shopify-Shop-Domain` (or another topic). Before a delivery erases or uninstalls a shop, the shop its body
 * names (`field`) must be the one the header names; a body that names none is taken as the header says. A mismatch
 * is a poison event (failed, not retried), with both names in the reason.
 */
export function assertPayloadShop(topic: string, payload: unknown, shopDomain: string, field: 'shop_domain' | 'myshopify_domain'): void {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return;
  const named = (payload as Record<string, unknown>)[field];
  if (typeof named !== 'string' || named.trim() === '') return;
  if (named.trim().toLowerCase() !== shopDomain.toLowerCase()) {
    throw new InvalidPayloadError(`invalid ${topic} payload: ${field} ${JSON.stringify(named.slice(0, 255))} is not the delivery's shop ${shopDomain}`);
  }
}
