import type { RequestHandler } from 'express';
import type { AppContext } from '../app/context.js';
import { apiError } from '../admin-api/errors.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { createInstaller } from './install.js';
import type { AuthenticatedLocals } from './locals.js';
import { validateSessionToken, type SessionTokenValidation } from './session-token.js';
import type { ErrorCode } from '../validation/messages.js';

type RefusalReason = Extract<SessionTokenValidation, { valid: false }>['reason'];

/** What a refused request is told (in the admin user's language): whether a token came, never why it failed (that is logged). */
const REFUSAL_CODES: Record<RefusalReason, ErrorCode> = {
  missing_token: 'session_token_missing',
  malformed_header: 'session_token_malformed',
  invalid_token: 'session_token_invalid',
  missing_claims: 'session_token_invalid',
  invalid_shop: 'session_token_invalid',
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
      throw apiError(req, 401, REFUSAL_CODES[validation.reason]);
    }

    const installed = await installer.ensureInstalled(validation.shop, validation.token);
    if (installed.status === 'refused') throw apiError(req, 401, 'install_refused');
    if (installed.status === 'unavailable') throw apiError(req, 502, 'install_unavailable');

    const locals: AuthenticatedLocals = {
      shop: installed.shop,
      userId: validation.userId,
      sessionId: validation.sessionId,
    };
    Object.assign(res.locals, locals);
    next();
  };
}
