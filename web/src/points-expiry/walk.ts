import type { Db } from '../db/client.js';
import { findExpiryShops, type BalancePosition, type ExpiryShop, type WalkProgress } from './repository.js';

/** Where a shop's walk stopped on the budget (the last member looked at), or null when the shop is done. */
export type ShopWalk = (shop: ExpiryShop, start: BalancePosition | null) => Promise<{ after: BalancePosition | null } | null>;

/**
 * A job's run over the shops with expiry, in id order, from where `progress` says the last run stopped: `walk` goes
 * through one shop's members from `start` and stops after a batch past the deadline; a shop is started only while the
 * run has time (the first always, so every run gets somewhere). Returns true when the run stopped with work left (and
 * `progress` holds where); false when every shop was done (`progress` cleared).
 */
export async function walkExpiryShops(db: Db, progress: WalkProgress, deadline: number, walk: ShopWalk): Promise<boolean> {
  const resume = progress.current;
  let started = false;
  for (const shop of await findExpiryShops(db)) {
    if (resume && shop.id < resume.shopId) continue;
    if (started && Date.now() > deadline) {
      progress.current = { shopId: shop.id, after: null };
      return true;
    }
    started = true;
    const stopped = await walk(shop, resume?.shopId === shop.id ? resume.after : null);
    if (stopped) {
      progress.current = { shopId: shop.id, after: stopped.after };
      return true;
    }
  }
  progress.current = null;
  return false;
}
