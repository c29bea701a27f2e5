import { parseShopDomain } from '../shopify/shop-domain.js';

/**
 * Shopify requires embedded apps to allow framing only by the shop's admin: the shop's own domain and
 * admin.shopify.com. Null when the request names no valid shop (then there is nothing to allow).
 */
export function frameAncestorsPolicy(shopParam: unknown): string | null {
  const shop = parseShopDomain(shopParam);
  return shop ? `frame-ancestors https://${shop} https://admin.shopify.com;` : null;
}
