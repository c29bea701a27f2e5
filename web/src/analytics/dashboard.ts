import { Decimal } from 'decimal.js';
import type { Db } from '../db/client.js';
import type { ShopRecord } from '../shops/repository.js';
import type { Invalid } from '../validation/field-errors.js';
import { knownTimeZone, resolveRange, todayIn, type DayRange } from './range.js';
import { ledgerTotals, memberTotals, tierCounts, type DailyPoints, type TierCount } from './repository.js';

/**
 * The merchant's dashboard. Definitions (README, "Dashboard figures"):
 * - `members`: the shop's members (every customer the app has met).
 * - `activeMembers90d`: members who, in the 90 days before now (whatever the range), placed a paid order that is not
 *   cancelled or redeemed a reward (not given back). Gifts, staff adjustments and tier changes are not activity.
 * - `pointsIssued`: points credited within the range: each order on the day it was first credited, with what it holds
 *   now (earned after re-ratings, minus what its refunds and cancellation took back: 0 for an order refunded in full,
 *   never below 0), plus surprise-gift points and manual adjustments that add points. Independent of the order in
 *   which an order's webhooks arrived; a later refund lowers the day its order was credited.
 * - `pointsRedeemed`: points spent net within the range: −(sum of redemption entries + sum of redemption_reversal
 *   entries), i.e. redemptions minus the ones given back.
 * - `pointsExpired`: points that expired after the program's months without activity within the range (points
 *   expiry's `points_expired` entries); neither redeemed nor taken off what was issued. 0 without expiry.
 * - `outstandingPoints`: the sum of the positive balances now (a negative balance owes the shop nothing).
 * - `liability`: outstandingPoints × the program's point value, rounded to the currency's minor unit.
 * - `redemptionRate`: pointsRedeemed / pointsIssued within the range, rounded to 4 decimals; null when nothing was
 *   issued. Not capped: points redeemed in the range may have been issued before it, so it can pass 1.
 * - `tiers`: the members holding each tier now, every tier listed.
 * - `daily`: issued and redeemed per day of the range (the same definitions), days without entries as zeros.
 * Ranges are whole days in the shop's time zone, both ends included.
 */
export interface Dashboard {
  currencyCode: string;
  range: DayRange;
  members: number;
  activeMembers90d: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  outstandingPoints: number;
  /** Exact decimal string in the shop's currency. */
  liability: string;
  /** null: nothing was issued in the range. */
  redemptionRate: number | null;
  tiers: TierCount[];
  daily: DailyPoints[];
}

const ACTIVE_WINDOW_MS = 90 * 86_400_000;

/** Minor-unit digits of a currency (EUR 2, JPY 0, KWD 3); 2 for a code the runtime does not know. */
function currencyDigits(currencyCode: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** redeemed / issued to 4 decimals, uncapped; null when nothing was issued (no ratio to speak of). */
export function redemptionRate(issued: number, redeemed: number): number | null {
  if (issued <= 0) return null;
  return Math.round((redeemed / issued) * 10_000) / 10_000;
}

/** The dashboard for the days asked (defaults: the last 30 days), or the fields that make the range invalid. */
export async function getDashboard(
  db: Db,
  shop: ShopRecord,
  asked: { from?: string | undefined; to?: string | undefined },
  now = new Date(),
): Promise<{ ok: true; dashboard: Dashboard } | Invalid> {
  const timeZone = knownTimeZone(shop.timezone);
  const resolved = resolveRange(asked, todayIn(timeZone, now));
  if (!resolved.ok) return resolved;
  const { range } = resolved;
  const [ledger, members, tiers] = await Promise.all([
    ledgerTotals(db, shop.id, range, timeZone),
    memberTotals(db, shop.id, new Date(now.getTime() - ACTIVE_WINDOW_MS)),
    tierCounts(db, shop.id),
  ]);
  const digits = currencyDigits(shop.currencyCode);
  return {
    ok: true,
    dashboard: {
      currencyCode: shop.currencyCode,
      range,
      members: members.members,
      activeMembers90d: members.activeMembers,
      pointsIssued: ledger.issued,
      pointsRedeemed: ledger.redeemed,
      pointsExpired: ledger.expired,
      outstandingPoints: members.outstandingPoints,
      liability: new Decimal(members.liability).toFixed(digits, Decimal.ROUND_HALF_UP),
      redemptionRate: redemptionRate(ledger.issued, ledger.redeemed),
      tiers,
      daily: ledger.daily,
    },
  };
}
