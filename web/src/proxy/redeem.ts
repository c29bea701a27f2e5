import type { RequestHandler } from 'express';
import { HttpError } from '../http/errors.js';
import type { RedeemResult, RedemptionService } from '../rewards/redeem.js';
import { proxyLocals } from './locals.js';

/** The saga's outcome as HTTP (CONTRACT.md): 200 `{code, points}`, 404, 409, or 502. */
function respond(result: RedeemResult): { code: string; points: number } {
  switch (result.status) {
    case 'issued':
      return { code: result.code, points: result.points };
    case 'reward_not_found':
      throw new HttpError(404, 'Reward not found');
    case 'insufficient_points':
      throw new HttpError(409, `Not enough points: ${result.cost} needed, ${result.points} available`);
    case 'tier_required':
      throw new HttpError(409, `This reward is for ${result.tier.name} members and above`, {
        requiredTier: { id: String(result.tier.id), name: result.tier.name },
      });
    case 'refused':
      throw new HttpError(502, 'The shop could not create the discount code; no points were spent');
    case 'pending':
      throw new HttpError(502, 'The shop did not confirm the discount code; it is being checked');
  }
}

/** `POST /proxy/rewards/:rewardId/redeem` (empty body): spends the reward's points for a discount code. */
export function redeemHandler(redemptions: RedemptionService): RequestHandler<{ rewardId: string }> {
  return async (req, res) => {
    const { shop, customerId } = proxyLocals(res);
    if (customerId === null) throw new HttpError(401, 'Log in to redeem rewards');
    res.json(respond(await redemptions.redeem(shop, customerId, req.params.rewardId)));
  };
}
