import type { AppContext } from '../app/context.js';
import { createAdminClient, ShopNotInstalledError, type AdminClient } from '../shopify/admin-client.js';
import { findDiscountByCode } from './issue-code.js';
import { findStalePendingRedemptions, markRedemptionIssued, reverseRedemption } from './repository.js';

export interface ReconcileSummary {
  issued: number;
  reversed: number;
  /** Left pending: the platform could not be asked (not installed, unreachable); the next run tries again. */
  stillPending: number;
}

/** A pending redemption younger than this may still be in its saga. @defaultValue 5 minutes */
export const DEFAULT_RECONCILE_AFTER_MS = 5 * 60_000;

/**
 * Settles redemptions a crash left pending between the debit and the code: asks the platform for the code
 * (`codeDiscountNodeByCode`); when it exists the redemption is issued, otherwise the points go back. Meant to
 * run on a schedule; safe to run concurrently with the saga and with itself (only pending rows change, the
 * reversal is keyed per redemption).
 */
export async function reconcilePendingRedemptions(
  ctx: AppContext,
  olderThanMs: number = DEFAULT_RECONCILE_AFTER_MS,
  admin: AdminClient = createAdminClient(ctx),
): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { issued: 0, reversed: 0, stillPending: 0 };
  const stale = await findStalePendingRedemptions(ctx.db, new Date(Date.now() - olderThanMs));
  for (const redemption of stale) {
    let discountId: string | null;
    try {
      discountId = await findDiscountByCode(admin, redemption.shopDomain, redemption.code);
    } catch (error) {
      summary.stillPending++;
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
  if (stale.length > 0) ctx.log.info({ ...summary }, 'pending redemptions reconciled');
  return summary;
}
