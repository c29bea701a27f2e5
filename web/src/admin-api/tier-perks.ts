import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { findMemberProfile } from '../loyalty/members/profile.js';
import { saveTierPerks } from '../perks/settings.js';
import { findTierPerks, listMemberGrants } from '../perks/settings-repository.js';
import { customerIdParam } from './customers.js';
import { tierPerksBody, toPerkGrantsJson, toTierPerksJson } from './dto/tier-perks.js';
import { apiError, invalidInput } from './errors.js';
import { parseBody } from './validation.js';

/** How many of a customer's perk grants the customer page shows (two years of monthly perks). */
const GRANTS_SHOWN = 24;

/**
 * Tier perks: `GET|PUT /api/tier-perks` (per tier: reward or none, active; a save names the version it read, 409 when
 * the perks or the program were saved since) and a customer's perk grants.
 */
export function tierPerkRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/tier-perks', async (_req, res) => {
    const { shop } = authenticated(res);
    res.json(toTierPerksJson(await findTierPerks(ctx.db, shop.id)));
  });

  router.put('/tier-perks', async (req, res) => {
    const { shop } = authenticated(res);
    const { version, perks } = parseBody(req, tierPerksBody);
    const result = await saveTierPerks(ctx.db, shop.id, version, perks);
    if (!result.ok) throw 'issues' in result ? invalidInput(req, result.issues) : apiError(req, 409, 'edit_conflict');
    res.json(toTierPerksJson(result.perks));
  });

  router.get('/customers/:customerId/perk-grants', async (req, res) => {
    const { shop } = authenticated(res);
    const member = await findMemberProfile(ctx.db, shop.id, customerIdParam(req));
    if (!member) throw apiError(req, 404, 'customer_not_found');
    res.json(toPerkGrantsJson(await listMemberGrants(ctx.db, member.memberId, GRANTS_SHOWN)));
  });

  return router;
}
