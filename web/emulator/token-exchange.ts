import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { EmulatorContext } from './context.js';
import { verifySubjectToken } from './session-token.js';
import type { AccessTokenRecord } from './state.js';

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const REFRESH_GRANT = 'refresh_token';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const OFFLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:offline-access-token';
const ONLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:online-access-token';

/** Lifetimes Shopify uses: expiring offline tokens 1 h, their refresh tokens 90 days, online tokens 24 h. */
const EXPIRING_OFFLINE_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;
const ONLINE_SECONDS = 86_399;
/** How long a migration answered once is answered again with the same pair (Shopify's recovery window). */
const MIGRATION_RETRY_MS = 7 * 86_400_000;

type OAuthResult = { status: number; body: Record<string, unknown> };

function oauthError(status: number, error: string, description: string): OAuthResult {
  return { status, body: { error, error_description: description } };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function issue(ctx: EmulatorContext, shop: string, kind: 'offline' | 'expiring' | 'online'): AccessTokenRecord {
  if (kind === 'offline') {
    // A non-expiring offline token is per installation: exchanging again hands back the same token.
    for (const record of ctx.state.tokens.values()) {
      if (record.shop === shop && !record.online && record.expiresAt === null) return record;
    }
  }
  const record: AccessTokenRecord = {
    shop,
    token: `${kind === 'online' ? 'shpua' : 'shpat'}_${randomBytes(16).toString('hex')}`,
    scope: ctx.scopes.join(','),
    expiresAt:
      kind === 'offline' ? null : Date.now() + 1000 * (kind === 'online' ? ONLINE_SECONDS : EXPIRING_OFFLINE_SECONDS),
    online: kind === 'online',
  };
  ctx.state.tokens.set(record.token, record);
  return record;
}

const expiringBody = (record: AccessTokenRecord, refreshToken: string, refreshSeconds = REFRESH_TOKEN_SECONDS) => ({
  access_token: record.token,
  scope: record.scope,
  expires_in: EXPIRING_OFFLINE_SECONDS,
  refresh_token: refreshToken,
  refresh_token_expires_in: refreshSeconds,
});

/**
 * Token exchange of a non-expiring offline token for an expiring pair (the migration Shopify asks of public apps):
 * the old token stops working. A retry with the same old token within seven days gets the same pair again (its
 * access token's expiry extended), as long as that pair was not refreshed or replaced.
 */
function migrate(ctx: EmulatorContext, subjectToken: string, body: Record<string, unknown>): OAuthResult {
  if (field(body, 'requested_token_type') !== OFFLINE_TOKEN_TYPE || String(body.expiring) !== '1') {
    return oauthError(400, 'invalid_request', `an offline access token can only be exchanged for an expiring one (requested_token_type ${OFFLINE_TOKEN_TYPE}, expiring 1)`);
  }
  const earlier = ctx.state.migrations.get(subjectToken);
  if (earlier) {
    const record = ctx.state.tokens.get(earlier.accessToken);
    const elapsedMs = Date.now() - earlier.at;
    if (!record || !ctx.state.refreshTokens.has(earlier.refreshToken) || elapsedMs > MIGRATION_RETRY_MS) {
      return oauthError(400, 'invalid_subject_token', 'Subject token is invalid: it was exchanged already');
    }
    record.expiresAt = Date.now() + 1000 * EXPIRING_OFFLINE_SECONDS;
    return { status: 200, body: expiringBody(record, earlier.refreshToken, REFRESH_TOKEN_SECONDS - Math.floor(elapsedMs / 1000)) };
  }
  const old = ctx.state.tokens.get(subjectToken);
  if (!old || old.online || old.expiresAt !== null) {
    return oauthError(400, 'invalid_subject_token', 'Subject token is invalid: not a non-expiring offline access token of this app');
  }
  ctx.state.tokens.delete(subjectToken);
  const answer = offlineResponse(ctx, old.shop, true);
  ctx.state.migrations.set(subjectToken, { accessToken: String(answer.access_token), refreshToken: String(answer.refresh_token), at: Date.now() });
  ctx.log.info({ shop: old.shop }, 'offline access token migrated to an expiring one');
  return { status: 200, body: answer };
}

function offlineResponse(ctx: EmulatorContext, shop: string, expiring: boolean): Record<string, unknown> {
  const record = issue(ctx, shop, expiring ? 'expiring' : 'offline');
  if (!expiring) return { access_token: record.token, scope: record.scope };
  const refreshToken = `shprt_${randomBytes(16).toString('hex')}`;
  ctx.state.refreshTokens.set(refreshToken, shop);
  return expiringBody(record, refreshToken);
}

async function exchange(ctx: EmulatorContext, body: Record<string, unknown>): Promise<OAuthResult> {
  const clientId = field(body, 'client_id');
  const clientSecret = field(body, 'client_secret');
  const grantType = field(body, 'grant_type');
  if (!clientId || !clientSecret || !grantType) {
    return oauthError(400, 'invalid_request', 'client_id, client_secret and grant_type are required');
  }
  if (clientId !== ctx.apiKey) {
    return oauthError(400, 'invalid_request', `Could not find Shopify API application with api_key ${clientId}`);
  }
  if (!safeEqual(clientSecret, ctx.apiSecret)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed: the client secret is wrong');
  }

  if (grantType === REFRESH_GRANT) {
    const refreshToken = field(body, 'refresh_token');
    const shop = refreshToken ? ctx.state.refreshTokens.get(refreshToken) : undefined;
    if (!refreshToken || !shop) return oauthError(400, 'invalid_grant', 'The refresh token is invalid or was already used');
    ctx.state.refreshTokens.delete(refreshToken);
    return { status: 200, body: offlineResponse(ctx, shop, true) };
  }
  if (grantType !== TOKEN_EXCHANGE_GRANT) {
    return oauthError(400, 'unsupported_grant_type', `Grant type ${grantType} is not supported`);
  }

  const subjectToken = field(body, 'subject_token');
  if (!subjectToken) return oauthError(400, 'invalid_request', 'subject_token is required');
  if (field(body, 'subject_token_type') === OFFLINE_TOKEN_TYPE) return migrate(ctx, subjectToken, body);
  if (field(body, 'subject_token_type') !== ID_TOKEN_TYPE) {
    return oauthError(400, 'invalid_request', `subject_token_type must be ${ID_TOKEN_TYPE} or ${OFFLINE_TOKEN_TYPE}`);
  }
  const requested = field(body, 'requested_token_type');
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return oauthError(400, 'invalid_request', `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}`);
  }

  const check = await verifySubjectToken(subjectToken, ctx.apiKey, ctx.apiSecret);
  if (!check.valid) {
    ctx.log.debug({ reason: check.reason }, 'token exchange refused a subject token');
    return oauthError(400, 'invalid_subject_token', `Subject token is invalid: ${check.reason}`);
  }
  // Any well-formed dev shop is welcome: the platform creates it on first install, as a dev store would exist.
  const record = ctx.ensureShop({ domain: check.shop });
  const shop = record.shop.domain;
  ctx.log.info({ shop, requested: requested === OFFLINE_TOKEN_TYPE ? 'offline' : 'online' }, 'token exchange');

  if (requested === ONLINE_TOKEN_TYPE) {
    const token = issue(ctx, shop, 'online');
    return {
      status: 200,
      body: {
        access_token: token.token,
        scope: token.scope,
        expires_in: ONLINE_SECONDS,
        associated_user_scope: token.scope,
        session: check.claims.sid,
        associated_user: {
          id: Number(check.claims.sub) || check.claims.sub,
          first_name: 'Demo',
          last_name: 'Inhaber',
          email: record.shop.email,
          account_owner: true,
          locale: record.shop.primaryLocale,
          collaborator: false,
          email_verified: true,
        },
      },
    };
  }
  const expiring = body.expiring === '1' || body.expiring === 1 || body.expiring === true;
  return { status: 200, body: offlineResponse(ctx, shop, expiring) };
}

/** `POST /admin/oauth/access_token`: token exchange (and refresh of expiring offline tokens), JSON or form body. */
export function tokenExchangeHandler(ctx: EmulatorContext): RequestHandler {
  return async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await exchange(ctx, typeof body === 'object' && !Array.isArray(body) ? body : {});
    res.status(result.status).json(result.body);
  };
}
