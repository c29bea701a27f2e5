import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { customerExpiryField } from '../points-expiry/customer-expiry.js';
import { findCustomerActivity } from './activity-repository.js';
import { proxyLocals } from './locals.js';

/** How many ledger entries and codes the storefront widget shows. */
export const ACTIVITY_LIMIT = 10;

/**
 * `GET /proxy/activity`: the logged-in customer's last ledger entries and issued discount codes, newest first, and
 * their pending points (orders in their approval period or awaiting fulfilment; 0 for a customer the app has not met):
 * `{ entries: [{id, createdAt, delta, reason, balanceAfter}], codes: [{code, rewardName, createdAt, expiresAt}],
 * pendingPoints }`, reward names in the language the storefront asked (`?locale=`). Pending points live here, not in `/proxy/customer`, whose shape the contract fixes.
 * So does points expiry: while the program lets points expire, `expiry: {points, date} | null` (the balance and the
 * last day it is held, `YYYY-MM-DD` in the shop's zone; null when there is nothing to lose); without expiry the answer
 * has no such field.
 * 401 when logged out (the platform sends an empty `logged_in_customer_id`).
 */
export function activityHandler(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const { shop, customerId, language } = proxyLocals(res);
    if (customerId === null) throw new HttpError(401, 'Log in to see your activity');
    const [activity, expiry] = await Promise.all([
      findCustomerActivity(ctx.db, shop.id, customerId, ACTIVITY_LIMIT, language),
      customerExpiryField(ctx.db, shop.id, customerId),
    ]);
    res.json({ ...activity, ...expiry });
  };
}
