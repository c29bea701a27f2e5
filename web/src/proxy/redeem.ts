import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import type { ProgramLocale } from '../program/default-program.js';
import { findProgram, type TierRecord } from '../program/repository.js';
import type { RedeemResult, RedemptionService } from '../rewards/redeem.js';
import type { ShopRecord } from '../shops/repository.js';
import { proxyLocals } from './locals.js';
import { programIn } from './shopper-names.js';

/**
 * The saga's outcome as HTTP (CONTRACT.md): 200 `{code, points}`, 404, 409, or 502. `listed`: for a
 * `reward_not_found`, whether the shop has the reward (inactive, or not issuable as configured): still a 404, but
 * one that says the reward is not available rather than unknown (`GET /proxy/customer` lists inactive rewards).
 * `shownName`: a tier's name as the storefront asked names.
 */
async function respond(
  result: RedeemResult,
  listed: () => Promise<boolean>,
  shownName: (tier: TierRecord) => Promise<string>,
): Promise<{ code: string; points: number }> {
  switch (result.status) {
    case 'issued':
      return { code: result.code, points: result.points };
    case 'reward_not_found':
      throw new HttpError(404, (await listed()) ? 'This reward is not available' : 'Reward not found');
    case 'insufficient_points':
      throw new HttpError(409, `Not enough points: ${result.cost} needed, ${result.points} available`);
    case 'tier_required': {
      const name = await shownName(result.tier);
      throw new HttpError(409, `This reward is for ${name} members and above`, { requiredTier: { id: String(result.tier.id), name } });
    }
    case 'refused':
      throw new HttpError(502, 'The shop could not create the discount code; no points were spent');
    case 'pending':
      // Unlike a refusal the points are held until the platform's answer is known: `pending` tells the widget so.
      throw new HttpError(502, 'The shop did not confirm the discount code; it is being checked', { pending: true });
  }
}

/** Whether `rewardId` names a reward of the shop, active or not. */
async function shopHasReward(ctx: AppContext, shop: ShopRecord, rewardId: string): Promise<boolean> {
  if (!/^\d{1,9}$/.test(rewardId)) return false;
  return (await ctx.db.reward.count({ where: { id: Number(rewardId), shopId: shop.id } })) > 0;
}

/** `tier`'s name in `language` (as stored for none): the program is read again only for a refusal that names it. */
async function tierNameIn(ctx: AppContext, shop: ShopRecord, tier: TierRecord, language: ProgramLocale | null): Promise<string> {
  if (language === null) return tier.name;
  const program = await findProgram(ctx.db, shop.id);
  return (program && programIn(program, language).tiers.find((t) => t.id === tier.id)?.name) ?? tier.name;
}

/** `POST /proxy/rewards/:rewardId/redeem` (empty body): spends the reward's points for a discount code. */
export function redeemHandler(ctx: AppContext, redemptions: RedemptionService): RequestHandler<{ rewardId: string }> {
  return async (req, res) => {
    const { shop, customerId, language } = proxyLocals(res);
    if (customerId === null) throw new HttpError(401, 'Log in to redeem rewards');
    const { rewardId } = req.params;
    const result = await redemptions.redeem(shop, customerId, rewardId);
    res.json(await respond(result, () => shopHasReward(ctx, shop, rewardId), (tier) => tierNameIn(ctx, shop, tier, language)));
  };
}
