import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { toRewardCatalog } from './rewards-view.js';
import { loadViewer } from './viewer.js';

/**
 * `GET /proxy/rewards`: the active rewards in detail (value, minimum subtotal, validity, required tier, whether
 * the customer's tier locks them, a free product's title and image). Works logged out (locked by the lowest tier).
 */
export function rewardsHandler(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const { program, status } = await loadViewer(ctx, res);
    res.json(toRewardCatalog(program, status?.tier ?? null));
  };
}
