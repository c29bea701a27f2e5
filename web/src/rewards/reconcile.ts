import type { AppContext } from '../app/context.js';
import { createAdminClient, ShopNotInstalledError, type AdminClient } from '../shopify/admin-client.js';
import { deleteLateCode, findDiscountByCode } from './issue-code.js';
import { clearLateCode, findLateCodes, findStalePendingRedemptions, markRedemptionIssued, reverseRedemption } from './repository.js';

export interface ReconcileSummary {
  issued: number;
  reversed: number;
  /** Codes that landed after their redemption was given back, deleted now (their first deletion had failed). */
  lateCodesDeleted: number;
  /**
   * Left pending: the platform could not be asked (not installed, unreachable), and the rows of those shops this run
   * read before it left them out; the next run tries again.
   */
  stillPending: number;
}

/** A pending redemption younger than this may still be in its saga. @defaultValue 5 minutes */
export const DEFAULT_RECONCILE_AFTER_MS = 5 * 60_000;

export interface ReconcileOptions {
  /** Pending redemptions read at once. @defaultValue 100 */
  pageSize?: number;
  /** Platform lookups per run at most; the next run starts from the oldest again. @defaultValue 1000 */
  maxPerRun?: number;
}

/**
 * Settles redemptions a crash left pending between the debit and the code: asks the platform for the code
 * (`codeDiscountNodeByCode`); when it exists the redemption is issued, otherwise the points go back. Meant to
 * run on a schedule; safe to run concurrently with the saga and with itself (only pending rows change, the
 * reversal is keyed per redemption). A shop whose lookup fails (uninstalled, frozen, unreachable) is not asked again
 * in the same run, and the run pages on past its rows, so a shop stuck with many pending redemptions cannot keep
 * the others' waiting.
 */
export async function reconcilePendingRedemptions(
  ctx: AppContext,
  olderThanMs: number = DEFAULT_RECONCILE_AFTER_MS,
  admin: AdminClient = createAdminClient(ctx),
  options: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const pageSize = options.pageSize ?? 100;
  const maxPerRun = options.maxPerRun ?? 1000;
  const summary: ReconcileSummary = { issued: 0, reversed: 0, lateCodesDeleted: 0, stillPending: 0 };
  const before = new Date(Date.now() - olderThanMs);
  /** Shops whose lookup failed in this run: their other rows are left for the next run, and not read again. */
  const unreachable = new Set<number>();
  /** Platform calls made; each page reads at most what the budget has left. */
  let seen = 0;
  const budget = () => Math.min(pageSize, maxPerRun - seen);
  const failedShop = (shopId: number, shop: string, redemptionId: number, error: unknown, what: string) => {
    unreachable.add(shopId);
    const level = error instanceof ShopNotInstalledError ? 'info' : 'warn';
    ctx.log[level]({ shop, redemptionId, err: error }, what);
  };

  const stale = keysetPages(
    budget,
    (limit, after: { createdAt: Date; id: number } | undefined) => findStalePendingRedemptions(ctx.db, before, limit, after, [...unreachable]),
    (row) => ({ createdAt: row.createdAt, id: row.id }),
  );
  for await (const redemption of stale) {
    if (unreachable.has(redemption.shopId)) {
      summary.stillPending++;
      continue;
    }
    seen++;
    let discountId: string | null;
    try {
      discountId = await findDiscountByCode(admin, redemption.shopDomain, redemption.code);
    } catch (error) {
      summary.stillPending++;
      failedShop(redemption.shopId, redemption.shopDomain, redemption.id, error, 'pending redemption not settled');
      continue;
    }
    try {
      if (discountId) {
        if (await markRedemptionIssued(ctx.db, redemption.id, discountId)) summary.issued++;
      } else if ((await reverseRedemption(ctx.db, redemption, 'no code on the platform after a crash')).status === 'reversed') {
        summary.reversed++;
      }
    } catch (error) {
      // This row's own trouble (a refund beyond the int4 balance): the run goes on with the others.
      summary.stillPending++;
      ctx.log.error({ shop: redemption.shopDomain, redemptionId: redemption.id, err: error }, 'pending redemption could not be settled');
    }
  }

  // Late codes share the run's budget and leave out the shops that failed.
  const late = keysetPages(
    budget,
    (limit, afterId: number | undefined) => findLateCodes(ctx.db, limit, afterId ?? 0, [...unreachable]),
    (row) => row.id,
  );
  for await (const code of late) {
    if (unreachable.has(code.shopId)) continue;
    seen++;
    try {
      await deleteLateCode(admin, code.shopDomain, code.discountId);
      await clearLateCode(ctx.db, code.id);
      summary.lateCodesDeleted++;
    } catch (error) {
      failedShop(code.shopId, code.shopDomain, code.id, error, 'late code of a redemption given back still not deleted');
    }
  }
  if (seen > 0 || summary.lateCodesDeleted > 0) ctx.log.info({ ...summary }, 'pending redemptions reconciled');
  return summary;
}

/**
 * The rows `read` gives, page after page (keyset: each page after the last row of the one before), until a page comes
 * back short or `limit()` (asked before each page, after the rows of the one before were used) is spent.
 */
async function* keysetPages<T, C>(limit: () => number, read: (limit: number, after: C | undefined) => Promise<T[]>, cursorOf: (row: T) => C): AsyncGenerator<T> {
  let after: C | undefined;
  for (;;) {
    const n = limit();
    if (n <= 0) return;
    const page = await read(n, after);
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < n) return;
    after = cursorOf(last);
  }
}
