import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { methodNotAllowed } from '../http/routes.js';
import { parseShopDomain } from '../shopify/shop-domain.js';
import { frameAncestorsPolicy } from './frame-ancestors.js';
import { renderAdminPage } from './template.js';

/** web/frontend/dist, as `npm run -w web/frontend build` (run by `./loyale install`) writes it. */
export const DEFAULT_DIST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'dist');

export interface AdminUiOptions {
  /** The local emulator's base URL when it runs: the page then gets session tokens from it instead of App Bridge. */
  emulatorUrl: string | null;
  /** The built admin. @defaultValue web/frontend/dist */
  distDir?: string;
}

/** Paths other routers own: never answered with the admin page, so their 404s stay JSON. */
const BACKEND_PATHS = /^\/(api|proxy)(\/|$)/;
/** A path whose last segment has an extension is a file request: a missing file is a 404, not the page. */
const FILE_PATH = /\.[a-z0-9]+$/i;

/**
 * Serves the embedded admin (web/frontend/dist): hashed assets with long caching, and for every other GET the
 * app's page (client-side routing), its head filled in per request: the API key, App Bridge inside Shopify, or
 * the emulator's session-token URL locally. Mounted after `/api` and `/proxy`.
 */
export function adminUiRouter(ctx: AppContext, options: AdminUiOptions): Router {
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const indexPath = join(distDir, 'index.html');
  let cached: { mtimeMs: number; template: string } | null = null;

  // Re-read when the build changed (a rebuild while the app runs), otherwise serve from memory.
  async function template(): Promise<string> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(indexPath)).mtimeMs;
    } catch {
      throw new HttpError(503, 'The admin app is not built: run ./loyale install (or npm run -w web/frontend build)');
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, template: await readFile(indexPath, 'utf8') };
    return cached.template;
  }

  function tokenUrl(req: Request): string | null {
    if (!options.emulatorUrl) return null;
    const shop = parseShopDomain(req.query.shop);
    // Without a shop the emulator picks the demo shop (or its only shop).
    return `${options.emulatorUrl}/session-token${shop ? `?shop=${encodeURIComponent(shop)}` : ''}`;
  }

  // A missing or refused asset falls through to a plain 404 (serve-static's own error would name the server's
  // file path); a method other than GET/HEAD gets 405 as elsewhere (serve-static's own has no JSON body).
  const assets = Router();
  assets.get(
    /.*/,
    express.static(join(distDir, 'assets'), { index: false, immutable: true, maxAge: '1y', fallthrough: true }),
    (_req, _res, next) => next(new HttpError(404, 'Not found')),
  );

  const router = Router();
  router.use('/assets', assets, methodNotAllowed(assets));
  router.get(/.*/, async (req, res, next) => {
    if (BACKEND_PATHS.test(req.path) || FILE_PATH.test(req.path)) {
      next();
      return;
    }
    const html = renderAdminPage(await template(), {
      apiKey: ctx.config.apiKey,
      appBridge: options.emulatorUrl === null,
      tokenUrl: tokenUrl(req),
    });
    res.set('Content-Security-Policy', frameAncestorsPolicy(req.query.shop));
    // The head depends on the query (shop): never cache the page itself; the hashed assets are cached for good.
    res.set('Cache-Control', 'no-store').type('html').send(html);
  });
  return router;
}
