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
  const unreachable = new Map<number, string>();
  let seen = 0;
  let after: { createdAt: Date; id: number } | undefined;
  while (seen < maxPerRun) {
    const page = await findStalePendingRedemptions(ctx.db, before, pageSize, after, [...unreachable.keys()]);
    for (const redemption of page) {
      if (unreachable.has(redemption.shopId)) {
        summary.stillPending++;
        continue;
      }
      if (seen >= maxPerRun) break;
      seen++;
      let discountId: string | null;
      try {
        discountId = await findDiscountByCode(admin, redemption.shopDomain, redemption.code);
      } catch (error) {
        summary.stillPending++;
        unreachable.set(redemption.shopId, redemption.shopDomain);
        const level = error instanceof ShopNotInstalledError ? 'info' : 'warn';
        ctx.log[level]({ shop: redemption.shopDomain, redemptionId: redemption.id, err: error }, 'pending redemption not settled');
        continue;
      }
      if (discountId) {
        if (await markRedemptionIssued(ctx.db, redemption.id, discountId)) summary.issued++;
      } else if ((await reverseRedemption(ctx.db, redemption, 'no code on the platform after a crash')).status === 'reversed') {
        summary.reversed++;
      }
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  // Late codes share the run's budget and skip the shops that failed; the same paging as above.
  let afterLate = 0;
  while (seen < maxPerRun) {
    const limit = Math.min(pageSize, maxPerRun - seen);
    const page = await findLateCodes(ctx.db, limit, afterLate, [...unreachable.keys()]);
    for (const late of page) {
      if (unreachable.has(late.shopId)) continue;
      seen++;
      try {
        await deleteLateCode(admin, late.shopDomain, late.discountId);
        await clearLateCode(ctx.db, late.id);
        summary.lateCodesDeleted++;
      } catch (error) {
        unreachable.set(late.shopId, late.shopDomain);
        const level = error instanceof ShopNotInstalledError ? 'info' : 'warn';
        ctx.log[level]({ shop: late.shopDomain, redemptionId: late.id, err: error }, 'late code of a redemption given back still not deleted');
      }
    }
    const last = page.at(-1);
    if (!last || page.length < limit) break;
    afterLate = last.id;
  }
  if (seen > 0 || summary.lateCodesDeleted > 0) ctx.log.info({ ...summary }, 'pending redemptions reconciled');
  return summary;
}
