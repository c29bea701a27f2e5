import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { toCustomerView } from './customer-view.js';
import { loadViewer } from './viewer.js';

/** `GET /proxy/customer`: the logged-in customer's points, tier, the tiers and rewards, how to earn. */
export function customerHandler(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const { shop, program, status } = await loadViewer(ctx, res);
    res.json(toCustomerView(program, shop, status));
  };
}
