import { Router } from 'express';
import { getDashboard } from '../analytics/dashboard.js';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { dashboardQuery, toDashboardJson } from './dto/dashboard.js';
import { invalidInput } from './errors.js';
import { parseQuery } from './validation.js';

/** `GET /api/dashboard?from=&to=`: the program's figures for a range of days (definitions: analytics/dashboard.ts). */
export function dashboardRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/dashboard', async (req, res) => {
    const { shop } = authenticated(res);
    const result = await getDashboard(ctx.db, shop, parseQuery(req, dashboardQuery));
    if (!result.ok) throw invalidInput(req, result.issues);
    res.json(toDashboardJson(result.dashboard));
  });
  return router;
}
