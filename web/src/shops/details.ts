import type { AppContext } from '../app/context.js';
import { createAdminClient, ShopNotInstalledError, type AdminClient } from '../shopify/admin-client.js';
import { SHOP_DETAILS } from '../shopify/operations/shop.js';
import { findShopByDomain, recordShopDetails, type ShopDetails } from './repository.js';

/** The shop's name, currency, time zone and primary locale, as the platform has them now. */
export async function fetchShopDetails(admin: AdminClient, domain: string): Promise<ShopDetails> {
  const data = await admin.request(domain, SHOP_DETAILS, {});
  const primary = data.shopLocales.find((l) => l.primary) ?? data.shopLocales[0];
  return {
    name: data.shop.name,
    currencyCode: data.shop.currencyCode,
    timezone: data.shop.ianaTimezone,
    primaryLocale: primary?.locale ?? 'en',
  };
}

/**
 * `shop/update`: the merchant changed the shop (its name, currency, time zone or language). The details are read
 * again from the platform rather than taken from the body, so two quick updates delivered in either order end with
 * the shop as it is now. The default program's names follow a new primary locale unless the merchant renamed them.
 * A shop the app is not installed on is left alone (its install reads them); a failed read is retried by the worker.
 */
export async function handleShopUpdate(ctx: AppContext, domain: string, admin: AdminClient = createAdminClient(ctx)): Promise<void> {
  const shop = await findShopByDomain(ctx.db, domain);
  if (!shop?.installedAt || shop.uninstalledAt) return;
  let details: ShopDetails;
  try {
    details = await fetchShopDetails(admin, domain);
  } catch (error) {
    if (error instanceof ShopNotInstalledError) return;
    throw error;
  }
  await recordShopDetails(ctx.db, shop.id, details);
}
