import { InvalidPayloadError } from '../loyalty/orders/errors.js';

const isObject = (payload: unknown): payload is Record<string, unknown> =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload);

/**
 * The platform's HMAC signs the body, not the headers: a body signed for one shop or topic could be sent again with
 * another shop's `X-Shopify-Shop-Domain`, or as another topic. Before a delivery erases, exports or uninstalls
 * anything, its body must be one of its topic and of the header's shop:
 * - the shop it names (`field`) is the header's; a body that names none is taken as the header says;
 * - a compliance body is not a resource: the platform sends `shop_id`, `shop_domain` and the request, never a
 *   top-level `id` (every order, refund, customer and product body has one);
 * - `app/uninstalled` sends the shop: an `admin_graphql_api_id` must be a Shop's.
 * A body that fails is a poison event (failed, not retried), with the reason.
 */
export function assertPayloadShop(topic: string, payload: unknown, shopDomain: string, field: 'shop_domain' | 'myshopify_domain'): void {
  if (!isObject(payload)) return;
  const refuse = (why: string) => {
    throw new InvalidPayloadError(`invalid ${topic} payload: ${why}`);
  };
  if (field === 'shop_domain' && 'id' in payload) refuse('it has a top-level id (the body of another topic)');
  const gid = payload.admin_graphql_api_id;
  if (field === 'myshopify_domain' && typeof gid === 'string' && !gid.startsWith('gid://shopify/Shop/')) {
    refuse(`it is not a shop (${JSON.stringify(gid.slice(0, 100))})`);
  }
  const named = payload[field];
  if (typeof named !== 'string' || named.trim() === '') return;
  if (named.trim().toLowerCase() !== shopDomain.toLowerCase()) {
    refuse(`${field} ${JSON.stringify(named.slice(0, 255))} is not the delivery's shop ${shopDomain}`);
  }
}
