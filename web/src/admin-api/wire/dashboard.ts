import type { DateRange, TierRef } from './common.js';

/** `GET /api/dashboard?from=&to=`: whole days (`YYYY-MM-DD`) in the shop's time zone; left out, the server's default. */
export interface DashboardQuery {
  from?: string;
  to?: string;
}

/** `GET /api/dashboard`: the program's figures for a range of days (definitions: web/src/analytics/dashboard.ts). */
export interface Dashboard {
  currencyCode: string;
  range: DateRange;
  members: number;
  activeMembers90d: number;
  pointsIssued: number;
  pointsRedeemed: number;
  /** Points that expired after inactivity within the range (points expiry); 0 without expiry. */
  pointsExpired: number;
  outstandingPoints: number;
  /** `amount`: exact decimal string in the shop's currency. */
  liability: { amount: string; currencyCode: string };
  /** pointsRedeemed / pointsIssued as a fraction, not capped (it may pass 1); null when nothing was issued. */
  redemptionRate: number | null;
  /** Every tier with the members holding it now. */
  tiers: (TierRef & { members: number })[];
  /** One entry per day of the range (`date`: `YYYY-MM-DD`), days without entries as zeros. */
  daily: { date: string; issued: number; redeemed: number }[];
}
