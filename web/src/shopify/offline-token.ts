import { HttpResponseError } from '@shopify/shopify-api';
import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { AdminApiError, isPlatformRefusal, ShopNotInstalledError } from './admin-errors.js';
import { findLegacyOfflineToken, findOfflineSession, markMigrationRefused, upsertSession } from './session-storage.js';

export interface OfflineTokens {
  /** The shop's Admin API access token, refreshed first when it is about to run out. */
  accessToken(shop: string): Promise<string>;
  /** The shop's stored access token as it is now (no refresh), or null without one. */
  stored(shop: string): Promise<string | null>;
  /**
   * Drops the shop's offline session holding `accessToken`, which the platform refused (401: revoked, or issued by
   * another platform instance): the shop reads as not installed until the merchant's next visit installs it afresh
   * by token exchange. A session stored since with another token stays.
   */
  forget(shop: string, accessToken: string): Promise<void>;
}

export interface OfflineTokenOptions {
  /** How long before its expiry an expiring token is refreshed. @defaultValue 5 minutes (`REFRESH_MARGIN_MS`) */
  marginMs?: number;
  /** How long the platform may take to answer a refresh; the session row is locked meanwhile. @defaultValue 10 000 */
  refreshTimeoutMs?: number;
  /** After a failed refresh of a token with time left, how long its calls use it before trying again. @defaultValue 60 000 */
  retryAfterMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/** @see OfflineTokenOptions.marginMs */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Refreshes running in this process, per database (all Admin clients of a process share them) and shop. */
const running = new WeakMap<Db, Map<string, Promise<string>>>();
/** Shops whose refresh failed while their token had time left: not tried again before the time noted. */
const backingOff = new WeakMap<Db, Map<string, number>>();
/** Legacy tokens (`shop` and token) whose migration failed: not tried again before the time noted. */
const migrationBackingOff = new WeakMap<Db, Map<string, number>>();
/** Non-expiring tokens found not to await migration (`shop` and token): not looked up again. */
const notLegacy = new WeakMap<Db, Map<string, true>>();

function perDb<T>(store: WeakMap<Db, Map<string, T>>, db: Db): Map<string, T> {
  let map = store.get(db);
  if (!map) store.set(db, (map = new Map()));
  return map;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the platform did not answer the refresh within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The shops' offline access tokens for Admin API calls. Expiring offline tokens (one hour; Shopify requires them of
 * public apps from 1 January 2027) are refreshed a few minutes before they run out, with the refresh token the last
 * refresh or token exchange stored. One refresh per shop at a time across processes: the session row stays locked
 * while the platform answers (at most `refreshTimeoutMs`), so a second caller then reads the new pair instead of
 * spending the rotated refresh token again, and the new pair is stored in that same transaction. A caller whose token
 * still has time left does not wait for another's refresh (SKIP LOCKED) and uses its token; after a failed refresh it
 * keeps using it for `retryAfterMs` before trying again.
 *
 * A non-expiring token stored before Loyale asked for expiring ones is migrated on its first use (token exchange of
 * the old token, `migrateToExpiringToken`), under the same row lock; until the platform answers, and when it fails
 * (tried again after `retryAfterMs`; Shopify answers a repeated migration of the same token with the same pair for
 * seven days), the old token serves. A platform that refuses the migration, and one that answers a request for an
 * expiring token with a non-expiring one, is not asked again: that token is used as it is.
 */
export function createOfflineTokens(ctx: Pick<AppContext, 'db' | 'shopify' | 'log'>, options: OfflineTokenOptions = {}): OfflineTokens {
  const marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
  const refreshTimeoutMs = options.refreshTimeoutMs ?? 10_000;
  const retryAfterMs = options.retryAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const refreshing = perDb(running, ctx.db);
  const failedUntil = perDb(backingOff, ctx.db);
  const checked = perDb(notLegacy, ctx.db);
  const migrationFailedUntil = perDb(migrationBackingOff, ctx.db);
  const due = (expires: Date | undefined) => expires !== undefined && expires.getTime() - marginMs <= now();
  const live = (expires: Date | undefined) => expires === undefined || expires.getTime() > now();

  /** The refreshed (or still usable) token; `dead` when the platform refused the refresh token of an expired one. */
  async function refreshInTransaction(shop: string, expired: boolean): Promise<{ token: string } | { dead: string }> {
    return ctx.db.$transaction(
      async (tx) => {
        // An expired token waits for a refresh another process is making; one with time left does not.
        const session = await findOfflineSession(tx, shop, { lock: expired ? 'wait' : 'skip', now: now() });
        if (!session) {
          if (!expired) {
            const unlocked = await findOfflineSession(tx, shop, { now: now() });
            if (unlocked?.accessToken) return { token: unlocked.accessToken };
          }
          throw new ShopNotInstalledError(shop);
        }
        // Another process refreshed it while this one waited for the lock.
        if (!due(session.expires) || !session.refreshToken) return { token: session.accessToken! };
        try {
          const { session: fresh } = await withTimeout(ctx.shopify.auth.refreshToken({ shop, refreshToken: session.refreshToken }), refreshTimeoutMs);
          await upsertSession(tx, fresh);
          failedUntil.delete(shop);
          ctx.log.info({ shop, expires: fresh.expires }, 'offline access token refreshed');
          return { token: fresh.accessToken! };
        } catch (error) {
          const stillLive = live(session.expires);
          const refused = isPlatformRefusal(error);
          ctx.log.warn({ shop, err: error, refused, tokenStillLive: stillLive }, 'refreshing the offline access token failed');
          // A token with minutes left still serves; its calls try the refresh again after a pause.
          if (stillLive) {
            failedUntil.set(shop, now() + retryAfterMs);
            return { token: session.accessToken! };
          }
          if (refused) return { dead: session.refreshToken };
          throw new AdminApiError(`Refreshing the access token of ${shop} failed: ${(error as Error).message}`, {
            status: error instanceof HttpResponseError ? error.response.code : null,
            outcomeUnknown: false,
            operation: 'refreshToken',
          });
        }
      },
      { maxWait: 10_000, timeout: refreshTimeoutMs + 20_000 },
    );
  }

  /** Migrates the shop's legacy token (`token`, read just before) to an expiring one; the token to use now. */
  async function migrate(shop: string, token: string): Promise<string> {
    return ctx.db.$transaction(
      async (tx) => {
        // Another process migrating or refreshing holds the row: this call uses the token it read.
        if (!(await findOfflineSession(tx, shop, { lock: 'skip', now: now() }))) return token;
        const legacy = await findLegacyOfflineToken(tx, shop);
        if (!legacy) {
          // Migrated meanwhile, or not legacy after all.
          checked.set(`${shop}\n${token}`, true);
          return (await findOfflineSession(tx, shop, { now: now() }))?.accessToken ?? token;
        }
        try {
          const { session: fresh } = await withTimeout(
            ctx.shopify.auth.migrateToExpiringToken({ shop, nonExpiringOfflineAccessToken: legacy }),
            refreshTimeoutMs,
          );
          await upsertSession(tx, fresh);
          migrationFailedUntil.delete(`${shop}\n${legacy}`);
          ctx.log.info({ shop, expires: fresh.expires }, 'offline access token migrated to an expiring one');
          return fresh.accessToken!;
        } catch (error) {
          const refused = isPlatformRefusal(error);
          ctx.log.warn({ shop, err: error, refused }, 'migrating the offline access token to an expiring one failed; the old one serves');
          if (refused) await markMigrationRefused(tx, shop, legacy);
          else migrationFailedUntil.set(`${shop}\n${legacy}`, now() + retryAfterMs);
          return legacy;
        }
      },
      { maxWait: 10_000, timeout: refreshTimeoutMs + 20_000 },
    );
  }

  /** The token of a non-expiring session: migrated first when it is a legacy one (at most one try at a time). */
  async function nonExpiring(shop: string, token: string): Promise<string> {
    const key = `${shop}\n${token}`;
    if (checked.has(key) || (migrationFailedUntil.get(key) ?? 0) > now()) return token;
    if (!(await findLegacyOfflineToken(ctx.db, shop))) {
      checked.set(key, true);
      return token;
    }
    return once(shop, () => migrate(shop, token));
  }

  /** One refresh or migration per shop at a time in this process; concurrent callers share it. */
  function once(shop: string, work: () => Promise<string>): Promise<string> {
    let pending = refreshing.get(shop);
    if (!pending) {
      pending = work().finally(() => refreshing.delete(shop));
      refreshing.set(shop, pending);
    }
    return pending;
  }

  async function refresh(shop: string, expired: boolean): Promise<string> {
    const outcome = await refreshInTransaction(shop, expired);
    if ('token' in outcome) return outcome.token;
    // The refresh token is dead (revoked, run out): the shop is not installed until the merchant opens the app
    // again, whose session token then installs it afresh. Only that session goes (not one a reinstall just stored).
    await ctx.db.session.deleteMany({ where: { shop, isOnline: false, refreshToken: outcome.dead } });
    throw new ShopNotInstalledError(shop);
  }

  return {
    async stored(shop) {
      return (await findOfflineSession(ctx.db, shop, { now: now() }))?.accessToken ?? null;
    },
    async forget(shop, accessToken) {
      await ctx.db.session.deleteMany({ where: { shop, isOnline: false, accessToken } });
      ctx.log.warn({ shop }, 'the platform refused the offline access token; the shop is installed again on its next visit');
    },
    async accessToken(shop) {
      const session = await findOfflineSession(ctx.db, shop, { now: now() });
      if (!session?.accessToken) throw new ShopNotInstalledError(shop);
      if (!session.expires) return nonExpiring(shop, session.accessToken);
      if (!due(session.expires)) return session.accessToken;
      const expired = !live(session.expires);
      if (!expired && (failedUntil.get(shop) ?? 0) > now()) return session.accessToken;
      return once(shop, () => refresh(shop, expired));
    },
  };
}
