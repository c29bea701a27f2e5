import { InvalidPayloadError } from '../loyalty/orders/errors.js';

const isObject = (payload: unknown): payload is Record<string, unknown> =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload);

/** The topics whose body is checked, with the field naming the shop and the fields a body of the topic never has. */
const SHAPES = {
  'shop/redact': { shopField: 'shop_domain', foreign: ['id', 'customer', 'orders_to_redact', 'orders_requested', 'data_request'] },
  'customers/redact': { shopField: 'shop_domain', foreign: ['id', 'orders_requested', 'data_request'] },
  'customers/data_request': { shopField: 'shop_domain', foreign: ['id', 'orders_to_redact'] },
  'app/uninstalled': { shopField: 'myshopify_domain', foreign: ['shop_domain', 'customer', 'orders_to_redact', 'orders_requested', 'data_request'] },
} as const;

export type CheckedTopic = keyof typeof SHAPES;

/**
 * The platform's HMAC signs the body, not the headers: a body signed for one shop or topic could be sent again with
 * another shop's `X-Shopify-Shop-Domain`, or as another topic. Before a delivery erases, exports or uninstalls
 * anything, its body must be one of its topic and of the header's shop:
 * - the shop it names (`shop_domain`, or the shop's `myshopify_domain` for app/uninstalled) is the header's; a body
 *   that names none is taken as the header says;
 * - it has none of the fields only other topics' bodies have: a compliance body is no resource (no top-level `id`),
 *   a shop erasure names no customer or request, a customer erasure no data request, a data request nothing to redact;
 *   an uninstall is the shop (its `admin_graphql_api_id`, if any, a Shop's), not a compliance body.
 * A body that fails is a poison event (failed, not retried), with the reason.
 */
export function assertPayloadShop(topic: CheckedTopic, payload: unknown, shopDomain: string): void {
  if (!isObject(payload)) return;
  const refuse = (why: string) => {
    throw new InvalidPayloadError(`invalid ${topic} payload: ${why}`);
  };
  const { shopField, foreign } = SHAPES[topic];
  const alien = foreign.find((key) => key in payload);
  if (alien) refuse(`it has ${JSON.stringify(alien)} (the body of another topic)`);
  const gid = payload.admin_graphql_api_id;
  if (topic === 'app/uninstalled' && typeof gid === 'string' && !gid.startsWith('gid://shopify/Shop/')) {
    refuse(`it is not a shop (${JSON.stringify(gid.slice(0, 100))})`);
  }
  const named = payload[shopField];
  if (typeof named !== 'string' || named.trim() === '') return;
  if (named.trim().toLowerCase() !== shopDomain.toLowerCase()) {
    refuse(`${shopField} ${JSON.stringify(named.slice(0, 255))} is not the delivery's shop ${shopDomain}`);
  }
}
