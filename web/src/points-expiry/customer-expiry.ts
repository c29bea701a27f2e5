import type { Db } from '../db/client.js';
import { findMemberExpiryFacts } from './repository.js';
import { upcomingExpiry, type UpcomingExpiry } from './rules/expiry.js';

/**
 * The storefront's expiry field: nothing at all while the program lets no points expire (answers stay exactly as
 * before), else `expiry`: the customer's points and the last day they hold them, or null when they have none to lose
 * (no positive balance, a customer the app has not met).
 */
export type ExpiryField = Record<string, never> | { expiry: UpcomingExpiry | null };

export async function customerExpiryField(db: Db, shopId: number, customerId: string): Promise<ExpiryField> {
  const facts = await findMemberExpiryFacts(db, shopId, customerId);
  if (facts.months === null) return {};
  const { member } = facts;
  return { expiry: member && upcomingExpiry(member.points, member.lastActivityAt, facts.months, facts.timezone) };
}
