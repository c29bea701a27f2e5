import express, { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { sessionTokenAuth } from '../auth/middleware.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { adjustmentRoutes } from './adjustments.js';
import { campaignRoutes } from './campaigns.js';
import { customerRoutes } from './customers.js';
import { dashboardRoutes } from './dashboard.js';
import { dataExportRoutes } from './data-exports.js';
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
  router.use(express.json({ limit: '100kb' }));
  router.use(programRoutes(ctx));
  router.use(programSettingsRoutes(ctx, admin));
  router.use(shopRoutes());
  router.use(dashboardRoutes(ctx));
  router.use(customerRoutes(ctx));
  router.use(adjustmentRoutes(ctx));
  router.use(dataExportRoutes(ctx));
  router.use(notificationRoutes(ctx));
  router.use(productRoutes(admin));
  router.use(campaignRoutes(ctx, admin));
  router.use(tierPerkRoutes(ctx));
  return router;
}
