import { HttpResponseError, HttpRetriableError, RequestedTokenType } from '@shopify/shopify-api';
import type { AppContext } from '../app/context.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { SHOP_DETAILS } from '../shopify/operations/shop.js';
import { createPrismaSessionStorage, findOfflineSession } from '../shopify/session-storage.js';
import { findShopByDomain, markInstalled, type ShopDetails, type ShopRecord } from '../shops/repository.js';

export type InstallResult =
  | { status: 'installed'; shop: ShopRecord }
  /** The platform refused the token exchange (revoked app, bad token): the request is not authenticated. */
  | { status: 'refused'; detail: string }
  /** The platform could not be reached or failed; the next request tries again. */
  | { status: 'unavailable'; detail: string };

export interface Installer {
  /** The installed shop; installs it first (token exchange, shop details) when it has no offline token. */
  ensureInstalled(shopDomain: string, sessionToken: string): Promise<InstallResult>;
}

function isInstalled(shop: ShopRecord | null): shop is ShopRecord {
  return Boolean(shop?.installedAt && !shop.uninstalledAt);
}

/**
 * Installs shops on their first authenticated request (CONTRACT.md): token exchange for an offline token,
 * then the shop's details through Admin GraphQL, then the install is recorded (default names re-localized).
 * Concurrent first requests of one shop share one install in this process; across processes the writes are
 * idempotent (session upsert, markInstalled), so a second exchange only replaces the token with an equal one.
 */
export function createInstaller(ctx: AppContext, admin: AdminClient): Installer {
  const sessions = createPrismaSessionStorage(ctx.db);
  const inFlight = new Map<string, Promise<InstallResult>>();

  async function install(domain: string, sessionToken: string): Promise<InstallResult> {
    if (!(await findOfflineSession(ctx.db, domain))) {
      try {
        const { session } = await ctx.shopify.auth.tokenExchange({
          shop: domain,
          sessionToken,
          requestedTokenType: RequestedTokenType.OfflineAccessToken,
        });
        await sessions.storeSession(session);
      } catch (error) {
        const refused = error instanceof HttpResponseError && !(error instanceof HttpRetriableError) && error.response.code < 500;
        ctx.log.warn({ shop: domain, err: error }, refused ? 'token exchange refused' : 'token exchange failed');
        return refused
          ? { status: 'refused', detail: 'Token exchange refused' }
          : { status: 'unavailable', detail: 'Shop platform unavailable' };
      }
    }
    let details: ShopDetails;
    try {
      details = await fetchShopDetails(admin, domain);
    } catch (error) {
      ctx.log.warn({ shop: domain, err: error }, 'reading shop details failed');
      return { status: 'unavailable', detail: 'Shop platform unavailable' };
    }
    const shop = await markInstalled(ctx.db, domain, details);
    ctx.log.info({ shop: domain }, 'shop installed');
    return { status: 'installed', shop };
  }

  return {
    async ensureInstalled(domain, sessionToken) {
      const shop = await findShopByDomain(ctx.db, domain);
      if (isInstalled(shop) && (await findOfflineSession(ctx.db, domain))) return { status: 'installed', shop };
      const running = inFlight.get(domain);
      if (running) return running;
      const started = install(domain, sessionToken).finally(() => inFlight.delete(domain));
      inFlight.set(domain, started);
      return started;
    },
  };
}

async function fetchShopDetails(admin: AdminClient, domain: string): Promise<ShopDetails> {
  const data = await admin.request(domain, SHOP_DETAILS, {});
  const primary = data.shopLocales.find((l) => l.primary) ?? data.shopLocales[0];
  return {
    name: data.shop.name,
    currencyCode: data.shop.currencyCode,
    timezone: data.shop.ianaTimezone,
    primaryLocale: primary?.locale ?? 'en',
  };
}
