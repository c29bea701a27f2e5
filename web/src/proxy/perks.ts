import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { findMemberPerk } from '../perks/member-perk.js';
import { proxyLocals } from './locals.js';

/**
 * `GET /proxy/perks`: the logged-in customer's monthly tier perk and this month's code,
 * `{ perk: { rewardName, kind, unavailable } | null, currentGrant: { code, expiresAt } | null }`; `unavailable` says why
 * no code can be granted now (`product_missing`: the reward's product was deleted in the shop; `not_configured`), or
 * is null; `rewardName` in the language the storefront asked (`?locale=`). 401 when logged out.
 */
export function perksHandler(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const { shop, customerId, language } = proxyLocals(res);
    if (customerId === null) throw new HttpError(401, 'Log in to see your perks');
    const { perk, currentGrant } = await findMemberPerk(ctx.db, shop, customerId, new Date(), language);
    res.json({ perk, currentGrant: currentGrant && { code: currentGrant.code, expiresAt: currentGrant.expiresAt.toISOString() } });
  };
}
