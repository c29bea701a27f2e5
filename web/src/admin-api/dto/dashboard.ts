import { z } from 'zod';
import type { Dashboard } from '../../analytics/dashboard.js';
import type { Assert, Equals } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { calendarDate } from './common.js';

/** `GET /api/dashboard?from=&to=`: whole days in the shop's time zone (defaults and range rules: resolveRange). */
export const dashboardQuery = z.object({ from: calendarDate.optional(), to: calendarDate.optional() });

type _DashboardQuery = Assert<Equals<z.input<typeof dashboardQuery>, Wire.DashboardQuery>>;

export function toDashboardJson(d: Dashboard): Wire.Dashboard {
  return {
    currencyCode: d.currencyCode,
    range: d.range,
    members: d.members,
    activeMembers90d: d.activeMembers90d,
    pointsIssued: d.pointsIssued,
    pointsRedeemed: d.pointsRedeemed,
    pointsExpired: d.pointsExpired,
    outstandingPoints: d.outstandingPoints,
    liability: { amount: d.liability, currencyCode: d.currencyCode },
    redemptionRate: d.redemptionRate,
    tiers: d.tiers.map((t) => ({ id: String(t.id), name: t.name, members: t.members })),
    daily: d.daily,
  };
}
