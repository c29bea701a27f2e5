/**
 * `{name}.myshopify.com`, the only shop domain the app accepts (and the only one SHOP_PLATFORM_URL rewrites). The name
 * is a DNS label (RFC 1035): at most 63 characters, so a correctly signed request cannot create a shop row for a
 * domain no platform serves. (The library's `sanitizeShop` checks no length and accepts more: underscores, other
 * Shopify domains, trailing slashes.)
 */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

/** The shop's canonical (lower-case) myshopify domain, or null when `value` is not one. */
export function parseShopDomain(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const domain = value.trim().toLowerCase();
  return SHOP_DOMAIN.test(domain) ? domain : null;
}

/** The GID of a customer from the numeric id the app stores. */
export function customerGid(customerId: string): string {
  return `gid://shopify/Customer/${customerId}`;
}
