import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { findProgramSettings } from '../program/settings-repository.js';
import { saveProgramSettings } from '../program/settings-save.js';
import { findProgram } from '../program/repository.js';
import { keepMissingProducts } from '../rewards/product-gone/keep-missing.js';
import { withRewardProducts } from '../rewards/reward-products.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { programSettingsBody, toProgramSettingsJson } from './dto/program-settings.js';
import { apiError, invalidInput } from './errors.js';
import { askPlatform } from './platform.js';
import { parseBody } from './validation.js';

/**
 * The program editor: `GET|PUT /api/program/settings` (earning rule and point value, tiers, rewards). A save names the
 * version it read; 409 when the program was saved since (a stale editor would remove the tiers added meanwhile).
 */
export function programSettingsRoutes(ctx: AppContext, admin: AdminClient): Router {
  const router = Router();

  router.get('/program/settings', async (req, res) => {
    const { shop } = authenticated(res);
    const settings = await findProgramSettings(ctx.db, shop.id);
    if (!settings) throw apiError(req, 404, 'program_not_found');
    res.json(toProgramSettingsJson(settings));
  });

  router.put('/program/settings', async (req, res) => {
    const { shop } = authenticated(res);
    const settings = parseBody(req, programSettingsBody);
    // A free_product reward's variant is looked up and its title and image cached with it (or refused: 422); one
    // whose product was deleted, saved unchanged and off, keeps what is stored.
    const stored = (await findProgram(ctx.db, shop.id))?.rewards ?? [];
    const edited = keepMissingProducts(settings.rewards, stored);
    // Taken before the lookups: a product deleted while they run keeps its reward's mark (keepMarksMadeDuringLookups).
    const lookupStartedAt = new Date();
    const rewards = await askPlatform(req, () => withRewardProducts(admin, shop.domain, edited));
    if (!rewards.ok) throw invalidInput(req, rewards.issues);
    const result = await saveProgramSettings(ctx.db, shop.id, { ...settings, rewards: rewards.rewards }, lookupStartedAt);
    if (!result.ok) throw 'issues' in result ? invalidInput(req, result.issues) : apiError(req, 409, 'edit_conflict');
    res.json(toProgramSettingsJson(result.settings));
  });

  return router;
}
