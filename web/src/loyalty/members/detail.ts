import type { Db } from '../../db/client.js';
import type { TierRecord } from '../../program/repository.js';
import type { ShopRecord } from '../../shops/repository.js';
import { findMemberProfile, type MemberProfile } from './profile.js';
import { getMemberStatus } from './status.js';

export interface CustomerDetail extends MemberProfile {
  points: number;
  qualifyingPoints: number;
  pendingPoints: number;
  tier: TierRecord | null;
  nextTier: { tier: TierRecord; pointsNeeded: number } | null;
}

/**
 * A customer as the admin sees them: profile, balance, qualifying points and tiers as of `now` (settled first if
 * the tier was due for a recheck, as the storefront sees it). Null for a customer the app never met.
 */
export async function getCustomerDetail(
  db: Db,
  shop: ShopRecord,
  customerId: string,
  now = new Date(),
): Promise<CustomerDetail | null> {
  const status = await getMemberStatus(db, shop, customerId, now);
  if (status.memberId === null) return null;
  // Read after the status: a due settle may have moved last_order_at.
  const profile = await findMemberProfile(db, shop.id, customerId);
  if (!profile) return null; // erased meanwhile (customers/redact)
  return {
    ...profile,
    points: status.points,
    qualifyingPoints: status.qualifyingPoints,
    pendingPoints: status.pendingPoints,
    tier: status.tier,
    nextTier: status.nextTier,
  };
}
