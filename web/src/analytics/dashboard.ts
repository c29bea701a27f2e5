import { Decimal } from 'decimal.js';
import type { Db } from '../db/client.js';
import type { ShopRecord } from '../shops/repository.js';
import type { Invalid } from '../validation/field-errors.js';
import { knownTimeZone, resolveRange, todayIn, type DayRange } from './range.js';
import { ledgerTotals, memberTotals, tierCounts, type DailyPoints, type TierCount } from './repository.js';

/**
 * The merchant's dashboard. Definitions (README, "Admin dashboard"):
 * - `members`: the shop's members (every customer the app has met).
 * - `activeMembers90d`: members with an order (last_order_at) or any ledger entry in the 90 days before now,
 *   whatever the range.
 * - `pointsIssued`: the sum of the positive entries of reasons order_earned, order_rerated and manual_adjustment
 *   made within the range (negative re-ratings and adjustments are not "issued", nor refunds and cancellations).
 * - `pointsRedeemed`: points spent net within the range: −(sum of redemption entries + sum of redemption_reversal
 *   entries), i.e. redemptions minus the ones given back.
 * - `outstandingPoints`: the sum of the positive balances now (a negative balance owes the shop nothing).
 * - `liability`: outstandingPoints × the program's point value, rounded to the currency's minor unit.
 * - `redemptionRate`: pointsRedeemed / pointsIssued within the range, clamped to 0..1 and rounded to 4 decimals
 *   (0 when nothing was issued); points redeemed in the range may have been issued before it.
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
  outstandingPoints: number;
  /** Exact decimal string in the shop's currency. */
  liability: string;
  redemptionRate: number;
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

export function redemptionRate(issued: number, redeemed: number): number {
  if (issued <= 0) return 0;
  const rate = Math.min(1, Math.max(0, redeemed / issued));
  return Math.round(rate * 10_000) / 10_000;
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
      outstandingPoints: members.outstandingPoints,
      liability: new Decimal(members.liability).toFixed(digits, Decimal.ROUND_HALF_UP),
      redemptionRate: redemptionRate(ledger.issued, ledger.redeemed),
      tiers,
      daily: ledger.daily,
    },
  };
}
