import { Decimal } from 'decimal.js';
import { programLocaleFor, type ProgramLocale } from '../program/default-program.js';
import type { ProgramRecord, TierRecord } from '../program/repository.js';
import { toTierView } from '../program/view.js';
import { requiredTierFor } from '../rewards/eligibility.js';

/** What the storefront widget reads (CONTRACT.md, `GET /proxy/customer`). */
export interface CustomerView {
  customerId: string | null;
  points: number;
  tier: { id: string; name: string } | null;
  nextTier: { id: string; name: string; pointsNeeded: number } | null;
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
  rewards: CustomerViewReward[];
  waysToEarn: WayToEarn[];
}

/**
 * A reward of the program. Every reward is listed, also an inactive one (switched off, its free product deleted in
 * the shop, a perk-only reward): that one is never redeemable. Exactly the contract's fields: the storefront widget
 * tells the offered rewards by `/proxy/rewards`, which lists only active ones.
 */
export interface CustomerViewReward {
  id: string;
  name: string;
  kind: string;
  cost: number;
  /** Active, the member's balance covers the cost and their tier reaches the reward's minimum tier. */
  redeemable: boolean;
}

/** How a customer earns: today only orders, at the program's rate times the customer's tier multiplier. */
export interface WayToEarn {
  kind: 'order';
  /** Points per 1 unit of the shop's currency at the customer's tier (the lowest tier when logged out). */
  pointsPerCurrencyUnit: number;
  /** The program's base rate and the tier's multiplier it was computed from. */
  basePointsPerCurrencyUnit: number;
  multiplier: number;
  currency: string;
  /** One sentence for the widget, in the shop's primary locale. */
  description: string;
}

export interface CustomerStatusInput {
  customerId: string;
  points: number;
  tier: TierRecord | null;
  nextTier: { tier: TierRecord; pointsNeeded: number } | null;
}

export interface ShopInput {
  currencyCode: string;
  primaryLocale: string;
}

function describeEarning(locale: ProgramLocale, rate: Decimal, currency: string): string {
  const intlLocale = locale === 'de' ? 'de-DE' : 'en-US';
  const points = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 4 }).format(rate.toNumber());
  const unit = new Intl.NumberFormat(intlLocale, { style: 'currency', currency }).format(1);
  const one = rate.eq(1);
  return locale === 'de'
    ? `${points} ${one ? 'Punkt' : 'Punkte'} pro ${unit} Einkaufswert`
    : `${points} ${one ? 'point' : 'points'} per ${unit} spent`;
}

/** The widget's JSON from the program and the customer's status (null when logged out). Pure. */
export function toCustomerView(program: ProgramRecord, shop: ShopInput, status: CustomerStatusInput | null): CustomerView {
  const points = status?.points ?? 0;
  const earningTier = status?.tier ?? program.tiers[0] ?? null;
  const base = new Decimal(program.pointsPerCurrencyUnit);
  const multiplier = new Decimal(earningTier?.multiplier ?? '1');
  const rate = base.mul(multiplier);
  return {
    customerId: status?.customerId ?? null,
    points,
    tier: status?.tier ? { id: String(status.tier.id), name: status.tier.name } : null,
    nextTier: status?.nextTier
      ? { id: String(status.nextTier.tier.id), name: status.nextTier.tier.name, pointsNeeded: status.nextTier.pointsNeeded }
      : null,
    tiers: program.tiers.map(toTierView),
    // Every reward in the program's order; an inactive one is listed but never redeemable (CONTRACT.md: "`redeemable`
    // means active and `points >= cost`"). Redeeming fails for a reward the member's tier does not reach, so it is
    // not redeemable either.
    rewards: program.rewards.map((r) => ({
      id: String(r.id),
      name: r.name,
      kind: r.kind,
      cost: r.cost,
      redeemable: r.active && status !== null && points >= r.cost && requiredTierFor(r, program.tiers, status.tier) === null,
    })),
    waysToEarn: [
      {
        kind: 'order',
        pointsPerCurrencyUnit: rate.toNumber(),
        basePointsPerCurrencyUnit: base.toNumber(),
        multiplier: multiplier.toNumber(),
        currency: shop.currencyCode,
        description: describeEarning(programLocaleFor(shop.primaryLocale), rate, shop.currencyCode),
      },
    ],
  };
}
