import type { RequestListener } from 'node:http';
import express, { Router, type Express } from 'express';
import { errorHandler, notFound } from '../http/errors.js';
import { methodNotAllowed } from '../http/routes.js';
import { isWebhookDelivery, WEBHOOK_PATH, type WebhookRequestHandler } from '../webhooks/route.js';
import type { AppContext } from './context.js';

/** The routers the app is made of; each module builds its own from the context. */
export interface AppRouters {
  /** `/api/*`: session-token authenticated admin API. */
  adminApi: Router;
  /** `/proxy/*`: the storefront's signed app-proxy API. */
  proxy: Router;
  /** `/notifications/*`: the public pages behind the links in customer mails (unsubscribe); absent in tests that need none. */
  notifications?: Router;
  /** The embedded admin's page and assets at `/` (every other GET); absent in tests that need no UI. */
  adminUi?: Router;
}

/**
 * The app's own paths: the health check, and the webhook endpoint. Its POST is answered ahead of Express
 * (`createRequestListener`) and never arrives here; it is declared so that the endpoint's other methods get 405.
 */
function ownRoutes(): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.post(WEBHOOK_PATH, (_req, _res, next) => next());
  return router;
}

/**
 * The Express app: routing and the one error mapper, nothing else. Business logic lives in the routers'
 * services, so tests can build the same app around a test context. Each router is followed by its 405 check (a
 * known path, another method); the admin UI is not: its page answers every GET path, so any path would be known.
 */
export function createApp(ctx: AppContext, routers: AppRouters): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const own = ownRoutes();
  app.use(own, methodNotAllowed(own));
  app.use('/api', routers.adminApi, methodNotAllowed(routers.adminApi));
  app.use('/proxy', routers.proxy, methodNotAllowed(routers.proxy));
  if (routers.notifications) app.use(routers.notifications, methodNotAllowed(routers.notifications));
  if (routers.adminUi) app.use(routers.adminUi);
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}

/**
 * The server's request listener: webhook deliveries go straight to their plain Node handler (the hot path of a
 * burst, which needs nothing of Express), everything else to the Express app.
 */
export function createRequestListener(app: Express, webhooks: WebhookRequestHandler): RequestListener {
  return (req, res) => (isWebhookDelivery(req) ? webhooks(req, res) : app(req, res));
}
