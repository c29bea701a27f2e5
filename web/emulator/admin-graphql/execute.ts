import { randomUUID } from 'node:crypto';
import { GraphQLError, execute, getOperationAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { BUCKET_MAXIMUM, SINGLE_QUERY_MAX_COST, type EmulatorContext } from '../context.js';
import type { ShopRecord } from '../state.js';
import { operationCost, refillBucket, throttleStatus, type ThrottleStatus } from './cost.js';
import { executionError, parseError, validateOperation, type ShopifyGraphqlError } from './errors.js';
import { fieldResolver, type ResolverContext } from './resolve.js';
import { mutationRoot, queryRoot } from './root.js';

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface GraphqlResult {
  body: GraphqlResponseBody;
  /** The operation's name: the one requested, else the one the document gives its single operation. */
  operationName: string | null;
}

export interface GraphqlResponseBody {
  data?: unknown;
  errors?: ShopifyGraphqlError[];
  extensions: { cost: Cost };
}

const RATE_LIMIT_DOCS = 'https://shopify.dev/api/usage/rate-limits';

function failure(errors: ShopifyGraphqlError[], cost: Cost): GraphqlResponseBody {
  return { errors, extensions: { cost } };
}

export function throttledBody(requested: number, status: ThrottleStatus): GraphqlResponseBody {
  return failure([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCS } }], {
    requestedQueryCost: requested,
    actualQueryCost: null,
    throttleStatus: status,
  });
}

function parseDocument(query: string): DocumentNode | ShopifyGraphqlError {
  try {
    return parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return parseError(error);
    throw error;
  }
}

/**
 * One Admin GraphQL request for one shop: parse and validate against the real schema, price it, take the cost
 * from the shop's bucket (THROTTLED when it does not fit, or when a test asked for it), execute against the
 * emulator's data and refund what the answer did not use. `origin`: the emulator's base URL as the caller reached it.
 */
export async function runGraphql(
  ctx: EmulatorContext,
  record: ShopRecord,
  schema: GraphQLSchema,
  request: GraphqlRequest,
  origin: string,
  /** The access token's scopes (what the app was granted when the token was issued). */
  scopes: readonly string[],
): Promise<GraphqlResult> {
  const status = refillBucket(record);
  const free: Cost = { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: status };
  const named = request.operationName;
  const document = parseDocument(request.query);
  if (!('kind' in document)) return { body: failure([document], free), operationName: named };
  const operation = getOperationAST(document, request.operationName);
  const operationName = named ?? operation?.name?.value ?? null;
  const answer = (body: GraphqlResponseBody): GraphqlResult => ({ body, operationName });
  const invalid = validateOperation(schema, document);
  if (invalid.length > 0) return answer(failure(invalid, free));
  if (!operation) {
    const message = request.operationName
      ? `No operation named "${request.operationName}"`
      : 'An operation name is required when the document holds several operations';
    return answer(failure([{ message, extensions: { code: 'OPERATION_NOT_FOUND' } }], free));
  }

  const requested = operationCost(schema, document, operation, request.variables);
  const throttle = ctx.faults.throttle;
  if (throttle.remaining > 0 && throttle.kind === 'graphql') {
    throttle.remaining -= 1;
    return answer(throttledBody(requested, throttleStatus(record, Math.min(record.bucket.available, Math.max(0, requested - 1)))));
  }
  if (requested > SINGLE_QUERY_MAX_COST) {
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`;
    return answer(
      failure([{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST } }], {
        ...free,
        requestedQueryCost: requested,
        actualQueryCost: null,
      }),
    );
  }
  if (requested > record.bucket.available) return answer(throttledBody(requested, status));

  record.bucket.available -= requested;
  const root = operation.operation === 'mutation' ? mutationRoot(ctx, record, request.variables) : queryRoot(record, origin, scopes);
  const result = await execute({
    schema,
    document,
    rootValue: root,
    variableValues: request.variables,
    operationName: request.operationName,
    fieldResolver,
    contextValue: { apiKey: ctx.apiKey } satisfies ResolverContext,
  });
  const actual = result.data ? operationCost(schema, document, operation, request.variables, result.data) : 0;
  record.bucket.available = Math.min(BUCKET_MAXIMUM, record.bucket.available + Math.max(0, requested - actual));
  if (ctx.faults.internalErrors.remaining > 0) {
    // Executed, then lost: Shopify's in-body form of a 5xx.
    ctx.faults.internalErrors.remaining -= 1;
    const message = 'Internal error. Looks like something went wrong on our end.';
    return answer(failure([{ message, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: randomUUID() } }], { ...free, requestedQueryCost: requested }));
  }
  return answer({
    ...(result.errors ? { errors: result.errors.map(executionError) } : {}),
    ...(result.data !== undefined ? { data: result.data } : {}),
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus(record) } },
  });
}
