/** Where the emulator's demo storefront lives; one storefront per shop and locale: `/storefront/{shop}/{locale}/`. */
export const STOREFRONT_PREFIX = '/storefront';

/**
 * The storefront's entry URL: `?shop=` (else the demo shop), `&locale=` (else the shop's primary locale), and
 * `&customer=` to sign in as that customer first.
 */
export function storefrontUrl(shop: string, options: { locale?: string; customerId?: string | number } = {}): string {
  const query = new URLSearchParams({ shop });
  if (options.locale) query.set('locale', options.locale);
  if (options.customerId !== undefined) query.set('customer', String(options.customerId));
  return `${STOREFRONT_PREFIX}?${query}`;
}

/** The storefront's root for a shop and locale, as `window.Shopify.routes.root` (with a trailing slash). */
export function storefrontRoot(shop: string, locale: string): string {
  return `${STOREFRONT_PREFIX}/${encodeURIComponent(shop)}/${encodeURIComponent(locale)}/`;
}
