import express, { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { sessionTokenAuth } from '../auth/middleware.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { programRoutes } from './program.js';

/**
 * The admin JSON API, mounted at `/api` after the webhook router: every route behind the session-token
 * middleware. One file per route group; add new groups below.
 */
export function adminApiRouter(ctx: AppContext, admin: AdminClient = createAdminClient(ctx)): Router {
  const router = Router();
  router.use(sessionTokenAuth(ctx, admin));
  router.use(express.json({ limit: '100kb' }));
  router.use(programRoutes(ctx));
  return router;
}
