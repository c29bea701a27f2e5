import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { sessionTokenAuth } from '../auth/middleware.js';
import { jsonBody } from '../http/json-body.js';
import { forRoutesOf } from '../http/routes.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { adjustmentRoutes } from './adjustments.js';
import { campaignRoutes } from './campaigns.js';
import { customerRoutes } from './customers.js';
import { dashboardRoutes } from './dashboard.js';
import { dataExportRoutes } from './data-exports.js';
import { mailLogRoutes } from './mail-log.js';
import { notificationRoutes } from './notifications.js';
import { programRoutes } from './program.js';
import { programSettingsRoutes } from './program-settings.js';
import { productRoutes } from './products.js';
import { shopRoutes } from './shop.js';
import { tierPerkRoutes } from './tier-perks.js';

/**
 * The admin JSON API, mounted at `/api` after the webhook router: every route behind the session-token
 * middleware. One file per route group; add new groups below.
 */
export function adminApiRouter(ctx: AppContext, admin: AdminClient = createAdminClient(ctx)): Router {
  const router = Router();
  router.use(sessionTokenAuth(ctx, admin));
  // After the token check (a bad token is 401 whatever the body), and only for requests a route answers (an unknown
  // path keeps its 404, another method its 405, not the body check's 415).
  router.use(forRoutesOf(router, jsonBody({ limit: '100kb' })));
  router.use(programRoutes(ctx));
  router.use(programSettingsRoutes(ctx, admin));
  router.use(shopRoutes());
  router.use(dashboardRoutes(ctx));
  router.use(customerRoutes(ctx));
  router.use(adjustmentRoutes(ctx));
  router.use(dataExportRoutes(ctx));
  router.use(notificationRoutes(ctx));
  router.use(mailLogRoutes(ctx));
  router.use(productRoutes(admin));
  router.use(campaignRoutes(ctx, admin));
  router.use(tierPerkRoutes(ctx));
  return router;
}
