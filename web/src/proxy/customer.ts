import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { getMemberStatus } from '../loyalty/members/status.js';
import { findProgram } from '../program/repository.js';
import { toCustomerView } from './customer-view.js';
import { proxyLocals } from './locals.js';

/** `GET /proxy/customer`: the logged-in customer's points, tier, the tiers and rewards, how to earn. */
export function customerHandler(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const { shop, customerId } = proxyLocals(res);
    const [program, status] = await Promise.all([
      findProgram(ctx.db, shop.id),
      customerId === null ? null : getMemberStatus(ctx.db, shop, customerId),
    ]);
    if (!program) throw new HttpError(404, 'Program not found');
    res.json(toCustomerView(program, shop, status));
  };
}
