import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { findProgram } from '../program/repository.js';
import { toProgramView } from '../program/view.js';
import { apiError } from './errors.js';
import type * as Wire from './wire/index.js';

/** `GET /program` (CONTRACT.md): the shop's earning rule, tiers and rewards, JSON exactly as the contract has it. */
export function programRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/program', async (req, res) => {
    const { shop } = authenticated(res);
    const program = await findProgram(ctx.db, shop.id);
    if (!program) throw apiError(req, 404, 'program_not_found');
    const view = toProgramView(program);
    // The contract's reward shape is exactly {id, name, kind, cost, value}.
    res.json({ ...view, rewards: view.rewards.map(({ active: _active, ...reward }) => reward) } satisfies Wire.ProgramView);
  });
  return router;
}
