import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { createInstaller } from './install.js';
import type { AuthenticatedLocals } from './locals.js';
import { validateSessionToken, type SessionTokenValidation } from './session-token.js';

type RefusalReason = Extract<SessionTokenValidation, { valid: false }>['reason'];

/** What a refused request is told: whether a token came, never why it failed (that is logged). */
const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  missing_token: 'Missing session token',
  malformed_header: 'Malformed Authorization header',
  invalid_token: 'Invalid session token',
  missing_claims: 'Invalid session token',
  invalid_shop: 'Invalid session token',
};

/**
 * Session-token authentication for the admin API (`/api/*` except webhooks): a valid token → the shop (installed
 * on its first request) and the staff user on `res.locals` (AuthenticatedLocals). Every failure is a 401, except
 * a platform that cannot be reached for the token exchange (502); the shop's details are best-effort (install.ts).
 */
export function sessionTokenAuth(ctx: AppContext, admin: AdminClient = createAdminClient(ctx)): RequestHandler {
  const installer = createInstaller(ctx, admin);
  return async (req, res, next) => {
    // Webhooks authenticate by HMAC, not session token (they are routed before this, but never rely on order).
    if (req.path === '/webhooks' || req.path.startsWith('/webhooks/')) return next('router');

    const validation = await validateSessionToken(ctx.shopify, req.get('authorization'));
    if (!validation.valid) {
      ctx.log.debug({ reason: validation.reason, detail: validation.detail }, 'session token rejected');
      throw new HttpError(401, REFUSAL_MESSAGES[validation.reason]);
    }

    const installed = await installer.ensureInstalled(validation.shop, validation.token);
    if (installed.status === 'refused') throw new HttpError(401, installed.detail);
    if (installed.status === 'unavailable') throw new HttpError(502, installed.detail);

    const locals: AuthenticatedLocals = {
      shop: installed.shop,
      userId: validation.userId,
      sessionId: validation.sessionId,
    };
    Object.assign(res.locals, locals);
    next();
  };
}
