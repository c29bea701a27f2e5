import { parseShopDomain } from '../shopify/shop-domain.js';

/**
 * Shopify requires embedded apps to allow framing only by the shop's admin: the shop's own domain and
 * admin.shopify.com. A request that names no valid shop (the admin always names it) may be framed by nobody: the
 * page would otherwise be open to clickjacking from any site.
 */
export function frameAncestorsPolicy(shopParam: unknown): string {
  const shop = parseShopDomain(shopParam);
  return shop ? `frame-ancestors https://${shop} https://admin.shopify.com;` : "frame-ancestors 'none';";
}
