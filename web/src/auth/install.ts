import { RequestedTokenType } from '@shopify/shopify-api';
import type { AppContext } from '../app/context.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { isPlatformRefusal } from '../shopify/admin-errors.js';
import { createPrismaSessionStorage, findOfflineSession } from '../shopify/session-storage.js';
import { fetchShopDetails } from '../shops/details.js';
import { findShopByDomain, markInstalled, recordShopDetails, type ShopDetails, type ShopRecord } from '../shops/repository.js';

export type InstallResult =
  | { status: 'installed'; shop: ShopRecord }
  /** The platform refused the token exchange (revoked app, bad token): the request is not authenticated. */
  | { status: 'refused' }
  /** The platform could not be reached or failed during the token exchange; the next request tries again. */
  | { status: 'unavailable' };

export interface Installer {
  /**
   * The installed shop; installs it first (token exchange, shop details) when it has no offline token. An installed
   * shop whose details are still missing has them read again first (at most once per `detailsRetryMs`).
   */
  ensureInstalled(shopDomain: string, sessionToken: string): Promise<InstallResult>;
}

export interface InstallerOptions {
  /** How long after a failed read of a shop's details the next request may try again. @defaultValue 60 000 */
  detailsRetryMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/** @see InstallerOptions.detailsRetryMs */
export const SHOP_DETAILS_RETRY_MS = 60_000;

function isInstalled(shop: ShopRecord | null): shop is ShopRecord {
  return Boolean(shop?.installedAt && !shop.uninstalledAt);
}

/**
 * Installs shops on their first authenticated request (CONTRACT.md): token exchange for an offline token, then the
 * shop's details (name, currency, time zone, primary locale) through Admin GraphQL, then the install is recorded
 * (default names re-localized). The details are best-effort: when the platform does not give them, the install
 * still succeeds with the defaults (English names for a new shop), a warning is logged, and a later authenticated
 * request of the shop reads them again (`name` null marks them missing; at most one try per shop and
 * `detailsRetryMs` in this process), re-localizing the default names then unless the merchant renamed something.
 * Concurrent first requests of one shop share one install (or details read) in this process; across processes the
 * writes are idempotent (session upsert, markInstalled), so a second exchange only replaces the token with an equal
 * one.
 */
export function createInstaller(ctx: AppContext, admin: AdminClient, options: InstallerOptions = {}): Installer {
  const sessions = createPrismaSessionStorage(ctx.db);
  const inFlight = new Map<string, Promise<InstallResult>>();
  const detailsRetryMs = options.detailsRetryMs ?? SHOP_DETAILS_RETRY_MS;
  const now = options.now ?? Date.now;
  /** When the details of a shop were last tried and failed (removed once read). */
  const detailsFailedAt = new Map<string, number>();

  /** The shop's details, or null when the platform does not give them now (logged; the install goes on). */
  async function readDetails(domain: string): Promise<ShopDetails | null> {
    try {
      const details = await fetchShopDetails(admin, domain);
      detailsFailedAt.delete(domain);
      return details;
    } catch (error) {
      detailsFailedAt.set(domain, now());
      ctx.log.warn({ shop: domain, err: error }, 'reading shop details failed; going on with the defaults, tried again later');
      return null;
    }
  }

  const detailsDue = (domain: string) => {
    const failedAt = detailsFailedAt.get(domain);
    return failedAt === undefined || now() - failedAt >= detailsRetryMs;
  };

  async function install(domain: string, sessionToken: string): Promise<InstallResult> {
    if (!(await findOfflineSession(ctx.db, domain))) {
      try {
        const { session } = await ctx.shopify.auth.tokenExchange({
          shop: domain,
          sessionToken,
          requestedTokenType: RequestedTokenType.OfflineAccessToken,
          // Expiring (one hour, with a refresh token; see shopify/offline-token.ts): Shopify requires them of public
          // apps from 1 January 2027. A platform that answers without an expiry gives a token that never expires.
          expiring: true,
        });
        await sessions.storeSession(session);
      } catch (error) {
        const refused = isPlatformRefusal(error);
        ctx.log.warn({ shop: domain, err: error }, refused ? 'token exchange refused' : 'token exchange failed');
        return refused
          ? { status: 'refused' }
          : { status: 'unavailable' };
      }
    }
    const details = await readDetails(domain);
    const shop = await markInstalled(ctx.db, domain, details);
    ctx.log.info({ shop: domain, detailsMissing: details === null }, 'shop installed');
    return { status: 'installed', shop };
  }

  /** An installed shop whose details are missing: read them now; without them the shop stays as it is. */
  async function completeDetails(shop: ShopRecord): Promise<InstallResult> {
    const details = await readDetails(shop.domain);
    if (!details) return { status: 'installed', shop };
    const updated = await recordShopDetails(ctx.db, shop.id, details);
    ctx.log.info({ shop: shop.domain }, 'shop details recorded');
    return { status: 'installed', shop: updated };
  }

  /** One run of `work` per shop at a time in this process; concurrent requests share it. */
  function once(domain: string, work: () => Promise<InstallResult>): Promise<InstallResult> {
    const running = inFlight.get(domain);
    if (running) return running;
    const started = work().finally(() => inFlight.delete(domain));
    inFlight.set(domain, started);
    return started;
  }

  return {
    async ensureInstalled(domain, sessionToken) {
      const shop = await findShopByDomain(ctx.db, domain);
      if (isInstalled(shop) && (await findOfflineSession(ctx.db, domain))) {
        if (shop.name === null && detailsDue(domain)) return once(domain, () => completeDetails(shop));
        return { status: 'installed', shop };
      }
      return once(domain, () => install(domain, sessionToken));
    },
  };
}
