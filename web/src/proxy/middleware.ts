import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { ensureShop } from '../shops/repository.js';
import type { ProxyLocals } from './locals.js';
import { verifyProxyQuery } from './verify.js';

/** Storefront answers are per customer and change with every order: never cached by the platform or a browser. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The app proxy's signature check: the one place a failed verification becomes a 401. A valid request's shop
 * is created with the default program if the app meets it here first.
 */
export function proxySignatureAuth(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const rawQuery = req.originalUrl.split('?')[1] ?? '';
    const verification = await verifyProxyQuery(ctx.shopify, new URLSearchParams(rawQuery));
    if (!verification.valid) {
      ctx.log.debug({ reason: verification.reason }, 'app proxy request rejected');
      throw new HttpError(401, verification.reason === 'stale_timestamp' ? 'Request expired' : 'Invalid signature');
    }
    const locals: ProxyLocals = {
      shop: await ensureShop(ctx.db, verification.shop),
      customerId: verification.customerId,
    };
    Object.assign(res.locals, locals);
    next();
  };
}
