import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { adjustPoints } from '../loyalty/members/adjust.js';
import { customerIdParam } from './customers.js';
import { adjustmentBody } from './dto/adjustment.js';
import { toLedgerEntryJson } from './dto/customers.js';
import { apiError, invalidInput } from './errors.js';
import { parseBody } from './validation.js';
import type * as Wire from './wire/index.js';

/**
 * `POST /api/customers/:customerId/adjustments`: a manual adjustment by the staff user of the session token.
 * 201 with the new entry and balance; 200 with the first result when the idempotency key was used before;
 * 409 when that key was used for a different delta or reason; 422 when the balance would leave what a member can hold.
 */
export function adjustmentRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/customers/:customerId/adjustments', async (req, res) => {
    const { shop, userId } = authenticated(res);
    const body = parseBody(req, adjustmentBody);
    const result = await adjustPoints(ctx.db, shop.id, { customerId: customerIdParam(req), actor: userId, ...body });
    if (!result.ok) {
      if ('issues' in result) throw invalidInput(req, result.issues);
      if (result.error === 'customer_not_found') throw apiError(req, 404, 'customer_not_found');
      throw apiError(req, 409, 'idempotency_conflict');
    }
    res.status(result.replayed ? 200 : 201).json({ entry: toLedgerEntryJson(result.entry), points: result.points } satisfies Wire.AdjustmentResult);
  });
  return router;
}
