import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { createRedemptionService } from '../rewards/redeem.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { activityHandler } from './activity.js';
import { customerHandler } from './customer.js';
import { noStore, proxySignatureAuth } from './middleware.js';
import { perksHandler } from './perks.js';
import { redeemHandler } from './redeem.js';
import { rewardsHandler } from './rewards.js';

/**
 * The app proxy API, mounted at `/proxy`: the platform forwards `https://{shop}/apps/loyale/*` here, signed.
 * Every route (and every unknown path) is behind the signature check and answered with `no-store`.
 */
export function proxyRouter(ctx: AppContext, admin: AdminClient = createAdminClient(ctx)): Router {
  const router = Router();
  router.use(noStore);
  router.use(proxySignatureAuth(ctx));
  router.get('/customer', customerHandler(ctx));
  router.get('/activity', activityHandler(ctx));
  router.get('/perks', perksHandler(ctx));
  router.get('/rewards', rewardsHandler(ctx));
  router.post('/rewards/:rewardId/redeem', redeemHandler(ctx, createRedemptionService(ctx, admin)));
  return router;
}
