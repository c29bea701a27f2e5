import type { Db } from '../db/client.js';
import { findMemberExpiryFacts } from './repository.js';
import { upcomingExpiry, type UpcomingExpiry } from './rules/expiry.js';

/**
 * The storefront's expiry field: nothing at all while the program lets no points expire (answers stay exactly as
 * before), else `expiry`: the customer's points and the last day they hold them, or null when they have none to lose
 * (no positive balance, a customer the app has not met).
 */
export type ExpiryField = Record<string, never> | { expiry: UpcomingExpiry | null };

/**
 * A queued reminder as it stands when it is sent: the points the customer holds now on the same last day, or null
 * when it no longer holds (activity since it was queued moved the day, or nothing is left to lose). A refund, which is
 * no activity, leaves the day and lowers the points: the mail tells the points held when it goes out.
 */
export async function reminderAtSend(
  db: Db,
  shopId: number,
  customerId: string,
  queued: { points: number; expiresOn: string },
): Promise<{ points: number; expiresOn: string } | null> {
  const field = await customerExpiryField(db, shopId, customerId);
  const expiry = 'expiry' in field ? field.expiry : null;
  return expiry && expiry.date === queued.expiresOn ? { points: expiry.points, expiresOn: expiry.date } : null;
}

export async function customerExpiryField(db: Db, shopId: number, customerId: string): Promise<ExpiryField> {
  const facts = await findMemberExpiryFacts(db, shopId, customerId);
  if (facts.months === null) return {};
  const { member } = facts;
  return { expiry: member && upcomingExpiry(member.points, member.lastActivityAt, facts.months, facts.timezone) };
}
