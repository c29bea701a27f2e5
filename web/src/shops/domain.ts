import { parseShopDomain } from '../shopify/shop-domain.js';

/** A DNS label's limit (RFC 1035): the shop's name in `{name}.myshopify.com` is one. */
const MAX_SHOP_NAME_LENGTH = 63;

/**
 * The canonical domain of a shop the app may meet (app proxy, session token), or null: the `{name}.myshopify.com`
 * form of `parseShopDomain` with a name of at most 63 characters. That form alone accepts any length, so a
 * correctly signed request could create a shop row for a domain no platform serves. (The library's `sanitizeShop`
 * checks no length either, and accepts more: underscores, other Shopify domains, trailing slashes.)
 */
export function validShopDomain(value: unknown): string | null {
  const domain = parseShopDomain(value);
  return domain !== null && domain.indexOf('.') <= MAX_SHOP_NAME_LENGTH ? domain : null;
}
