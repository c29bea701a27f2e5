import type { AppContext } from '../app/context.js';
import { memberTransaction } from '../loyalty/members/transaction.js';
import { expireMembers, findExpiryCandidates, type BalancePosition, type ExpiryShop, type WalkProgress } from './repository.js';
import { expiryCutoff } from './rules/expiry.js';
import { walkExpiryShops, type ShopWalk } from './walk.js';

export interface ExpiryRunOptions {
  /** Members looked at, and expired, per transaction. @defaultValue 200 */
  batchSize?: number;
  /** A run stops after this long with shops left and says so (its continuation starts again at once). @defaultValue 60000 ms */
  runBudgetMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** Where the last run stopped, kept by the job across runs (see WalkProgress). @defaultValue a fresh one */
  progress?: WalkProgress;
}

export interface ExpiryRunResult {
  /** Members whose balance expired in this run. */
  members: number;
  /** Points that expired in this run. */
  points: number;
  /** True when the run stopped on its budget with members left to look at. */
  more: boolean;
}

/**
 * One run of points expiry: for every shop whose program lets points expire, the positive balance of each member
 * without activity since the shop's cutoff (rules/expiry.ts) expires, batch by batch. Safe to run anywhere and
 * repeatedly: each batch checks again under the members' locks (expireMembers). A continuation goes on where the
 * last run stopped (`progress`); the balances expired before are 0 by then and no longer met.
 */
export async function expireInactivePoints(ctx: AppContext, options: ExpiryRunOptions = {}): Promise<ExpiryRunResult> {
  const batchSize = options.batchSize ?? 200;
  const now = (options.now ?? (() => new Date()))();
  const deadline = Date.now() + (options.runBudgetMs ?? 60_000);
  const result: ExpiryRunResult = { members: 0, points: 0, more: false };
  const walk: ShopWalk = (shop, start) => expireShop(ctx, shop, now, batchSize, deadline, result, start);
  result.more = await walkExpiryShops(ctx.db, options.progress ?? { current: null }, deadline, walk);
  return result;
}

/** Walks one shop's members with points from `start`; where it stopped when the budget ran out first, else null. */
async function expireShop(
  ctx: AppContext,
  shop: ExpiryShop,
  now: Date,
  batchSize: number,
  deadline: number,
  result: ExpiryRunResult,
  start: BalancePosition | null,
): Promise<{ after: BalancePosition | null } | null> {
  const cutoff = expiryCutoff(now, shop.months, shop.timezone);
  // Within 30 days of switching expiry on (or shortening it), everyone counts as active since the grace floor.
  if (shop.floor !== null && shop.floor.getTime() >= cutoff.getTime()) return null;
  let after: BalancePosition | null = start;
  let shopMembers = 0;
  let shopPoints = 0;
  let stopped: { after: BalancePosition | null } | null = null;
  for (;;) {
    const batch = await findExpiryCandidates(ctx.db, shop.id, cutoff, after, batchSize);
    if (batch.length === 0) break;
    const ids = batch.map((member) => member.id);
    const expired = await memberTransaction(ctx.db, (tx) => expireMembers(tx, shop.id, shop.months, ids, cutoff));
    shopMembers += expired.length;
    shopPoints += expired.reduce((sum, e) => sum + e.points, 0);
    after = batch[batch.length - 1] ?? null;
    if (batch.length < batchSize) break;
    // After a batch, so that every run gets somewhere.
    if (Date.now() > deadline) {
      stopped = { after };
      break;
    }
  }
  if (shopMembers > 0) {
    ctx.log.info({ shopId: shop.id, members: shopMembers, points: shopPoints, cutoff }, 'points expired after inactivity');
  }
  result.members += shopMembers;
  result.points += shopPoints;
  return stopped;
}
