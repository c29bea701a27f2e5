import { Decimal } from 'decimal.js';
import type { ProgramRecord, RewardProduct, TierRecord } from '../program/repository.js';
import type { RewardKind } from '../program/default-program.js';
import { minimumTierOf, requiredTierFor } from '../rewards/eligibility.js';

/** One active reward as the storefront shows it in detail (`GET /proxy/rewards`). */
export interface RewardCatalogItem {
  id: string;
  kind: RewardKind;
  /** percentage_off: a fraction (0.1 = 10 %); amount_off: an amount in the shop's currency; otherwise null. */
  value: number | null;
  /** The order subtotal the code needs, a decimal string in the shop's currency; null for none. */
  minimumSubtotal: string | null;
  /** How many days a redeemed code stays valid. */
  validityDays: number;
  /** The lowest tier whose members may redeem it; null for every member. */
  requiredTier: { id: string; name: string } | null;
  /** True when the viewer's tier (a guest's: the lowest) does not reach `requiredTier`. */
  locked: boolean;
  /** free_product: the product it gives. */
  product: RewardProduct | null;
}

/**
 * The active rewards with what a shopper needs to choose one, in the order of `/proxy/customer`'s rewards (join on
 * `id`: that view has their names, costs and whether the customer can redeem them now; it lists the inactive ones
 * too, with `active: false`, which this catalog leaves out). `memberTier` null for a guest. Pure.
 */
export function toRewardCatalog(program: ProgramRecord, memberTier: TierRecord | null): { rewards: RewardCatalogItem[] } {
  return {
    rewards: program.rewards
      .filter((r) => r.active)
      .map((r) => {
        const minimum = minimumTierOf(r, program.tiers);
        return {
          id: String(r.id),
          kind: r.kind,
          value: r.value === null ? null : Number(r.value),
          minimumSubtotal: r.minimumSubtotal === null ? null : new Decimal(r.minimumSubtotal).toFixed(2),
          validityDays: r.validityDays,
          requiredTier: minimum ? { id: String(minimum.id), name: minimum.name } : null,
          locked: requiredTierFor(r, program.tiers, memberTier) !== null,
          product: r.kind === 'free_product' ? r.product : null,
        };
      }),
  };
}
