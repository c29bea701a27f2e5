import { HttpResponseError, HttpRetriableError } from '@shopify/shopify-api';
import type { AppContext } from '../app/context.js';
import { AdminApiError, ShopNotInstalledError } from './admin-errors.js';
import { findOfflineSession, upsertSession } from './session-storage.js';

export interface OfflineTokens {
  /** The shop's Admin API access token, refreshed first when it is about to run out. */
  accessToken(shop: string): Promise<string>;
}

export interface OfflineTokenOptions {
  /** How long before its expiry an expiring token is refreshed. @defaultValue 5 minutes (`REFRESH_MARGIN_MS`) */
  marginMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/** @see OfflineTokenOptions.marginMs */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Longest a refresh may hold the session row (the platform's answer included). */
const REFRESH_TRANSACTION_MS = 30_000;

/**
 * The shops' offline access tokens for Admin API calls. Expiring offline tokens (one hour; Shopify requires them of
 * public apps from 1 January 2027) are refreshed a few minutes before they run out, with the refresh token the last
 * refresh or token exchange stored. One refresh per shop at a time across processes: the session row stays locked
 * while the platform answers, so a second caller then reads the new pair instead of spending the rotated refresh
 * token again, and the new pair is stored in that same transaction. A token without an expiry (a platform that
 * gives non-expiring ones) is used as it is.
 */
export function createOfflineTokens(ctx: Pick<AppContext, 'db' | 'shopify' | 'log'>, options: OfflineTokenOptions = {}): OfflineTokens {
  const marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
  const now = options.now ?? Date.now;
  const refreshing = new Map<string, Promise<string>>();
  const due = (expires: Date | undefined) => expires !== undefined && expires.getTime() - marginMs <= now();

  /** The refreshed token; `dead` when the platform refused the refresh token of an expired one. */
  async function refreshInTransaction(shop: string): Promise<{ token: string } | { dead: string }> {
    return ctx.db.$transaction(
      async (tx) => {
        const session = await findOfflineSession(tx, shop, { forUpdate: true });
        if (!session) throw new ShopNotInstalledError(shop);
        // Another process refreshed it while this one waited for the lock.
        if (!due(session.expires) || !session.refreshToken) return { token: session.accessToken! };
        try {
          const { session: fresh } = await ctx.shopify.auth.refreshToken({ shop, refreshToken: session.refreshToken });
          await upsertSession(tx, fresh);
          ctx.log.info({ shop, expires: fresh.expires }, 'offline access token refreshed');
          return { token: fresh.accessToken! };
        } catch (error) {
          const live = session.expires !== undefined && session.expires.getTime() > now();
          const refused = error instanceof HttpResponseError && !(error instanceof HttpRetriableError) && error.response.code < 500;
          ctx.log.warn({ shop, err: error, refused, tokenStillLive: live }, 'refreshing the offline access token failed');
          // A token with minutes left still serves; the next call tries the refresh again.
          if (live) return { token: session.accessToken! };
          if (refused) return { dead: session.refreshToken };
          throw new AdminApiError(`Refreshing the access token of ${shop} failed: ${(error as Error).message}`, {
            status: error instanceof HttpResponseError ? error.response.code : null,
            outcomeUnknown: false,
            operation: 'refreshToken',
          });
        }
      },
      { maxWait: 10_000, timeout: REFRESH_TRANSACTION_MS },
    );
  }

  async function refresh(shop: string): Promise<string> {
    const outcome = await refreshInTransaction(shop);
    if ('token' in outcome) return outcome.token;
    // The refresh token is dead (revoked, run out): the shop is not installed until the merchant opens the app
    // again, whose session token then installs it afresh. Only that session goes (not one a reinstall just stored).
    await ctx.db.session.deleteMany({ where: { shop, isOnline: false, refreshToken: outcome.dead } });
    throw new ShopNotInstalledError(shop);
  }

  return {
    async accessToken(shop) {
      const session = await findOfflineSession(ctx.db, shop);
      if (!session?.accessToken) throw new ShopNotInstalledError(shop);
      if (!due(session.expires)) return session.accessToken;
      let running = refreshing.get(shop);
      if (!running) {
        running = refresh(shop).finally(() => refreshing.delete(shop));
        refreshing.set(shop, running);
      }
      return running;
    },
  };
}
