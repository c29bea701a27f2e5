import type { GraphQLSchema } from 'graphql';
import type { RequestHandler } from 'express';
import { loadAdminSchema } from '../../src/shopify/admin-schema.js';
import type { EmulatorContext } from '../context.js';
import { throttleStatus } from './cost.js';
import { runGraphql, type GraphqlRequest } from './execute.js';

const INVALID_TOKEN = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;

function schemaFor(version: string): GraphQLSchema | null {
  if (!API_VERSION.test(version)) return null;
  try {
    return loadAdminSchema(version);
  } catch {
    return null;
  }
}

/** The body as the Admin API takes it: JSON `{query, variables, operationName}`, or `application/graphql` text. */
function readRequest(body: unknown): GraphqlRequest | null {
  if (typeof body === 'string') return body.trim() ? { query: body, variables: {}, operationName: null } : null;
  if (!body || typeof body !== 'object') return null;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || !query.trim()) return null;
  return {
    query,
    variables: variables && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {},
    operationName: typeof operationName === 'string' && operationName ? operationName : null,
  };
}

/** `POST /admin/api/:version/graphql.json`, authenticated by `X-Shopify-Access-Token`; the token names the shop. */
export function adminGraphqlHandler(ctx: EmulatorContext): RequestHandler {
  return async (req, res) => {
    const version = String(req.params.version);
    if (!API_VERSION.test(version)) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    const token = ctx.state.findToken(req.get('x-shopify-access-token') ?? '');
    const record = token && ctx.state.shops.get(token.shop);
    if (!token || !record) {
      res.status(401).json(INVALID_TOKEN);
      return;
    }
    const schema = schemaFor(version);
    if (!schema) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    const request = readRequest(req.body);
    const log = (status: number, operationName = request?.operationName ?? null) =>
      ctx.state.logGraphql({
        shop: record.shop.domain,
        operationName,
        query: request?.query ?? '',
        variables: request?.variables ?? null,
        status,
        at: new Date().toISOString(),
      });

    const throttle = ctx.faults.throttle;
    if (throttle.remaining > 0 && throttle.kind === 'http429') {
      throttle.remaining -= 1;
      log(429);
      res
        .status(429)
        .set('Retry-After', '1')
        .json({ errors: 'Throttled', extensions: { cost: { throttleStatus: throttleStatus(record, 0) } } });
      return;
    }
    if (!request) {
      log(400);
      res.status(400).json({ errors: { query: 'Required parameter missing or invalid' } });
      return;
    }
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const result = await runGraphql(ctx, record, schema, request, origin, token.scope.split(','));
    log(200, result.operationName);
    res.status(200).set('X-Shopify-API-Version', version).json(result.body);
  };
}
