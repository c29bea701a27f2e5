import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { ensureShop } from '../shops/repository.js';
import { requestedLanguage } from './language.js';
import type { ProxyLocals } from './locals.js';
import { verifyProxyQuery, type ProxyVerification } from './verify.js';

type RefusalReason = Extract<ProxyVerification, { valid: false }>['reason'];

/** All 401 (CONTRACT.md); the message says which part of the platform's parameters was refused. */
const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  missing_signature: 'Invalid signature',
  bad_signature: 'Invalid signature',
  stale_timestamp: 'Request expired',
  invalid_shop: 'Invalid shop',
  invalid_customer: 'Invalid customer',
};

/** Storefront answers are per customer and change with every order: never cached by the platform or a browser. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The app proxy's signature check: the one place a failed verification becomes a 401. A valid request's shop
 * is created with the default program if the app meets it here first; an invalid shop never gets that far. A signed
 * request's `locale` is the language the widget asks names in (one it cannot use reads as none).
 */
export function proxySignatureAuth(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const rawQuery = req.originalUrl.split('?')[1] ?? '';
    const query = new URLSearchParams(rawQuery);
    const verification = await verifyProxyQuery(ctx.shopify, query);
    if (!verification.valid) {
      ctx.log.debug({ reason: verification.reason }, 'app proxy request rejected');
      throw new HttpError(401, REFUSAL_MESSAGES[verification.reason]);
    }
    const locals: ProxyLocals = {
      shop: await ensureShop(ctx.db, verification.shop),
      customerId: verification.customerId,
      language: requestedLanguage(query),
    };
    Object.assign(res.locals, locals);
    next();
  };
}
