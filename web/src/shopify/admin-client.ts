import { abstractFetch } from '@shopify/shopify-api/runtime';
import type { AppContext } from '../app/context.js';
import { ADMIN_API_VERSION } from '../config/config.js';
import { AdminApiError, AdminApiThrottledError, AdminApiUserError, ShopNotInstalledError, type AdminUserError } from './admin-errors.js';
import type { Operation } from './operations/operation.js';
import { createOfflineTokens } from './offline-token.js';

export { AdminApiError, AdminApiThrottledError, AdminApiUserError, ShopNotInstalledError };

export interface AdminClient {
  /** Sends `operation` for `shop` with its offline token; resolves with `data` or throws one of the typed errors. */
  request<TData, TVariables>(shop: string, operation: Operation<TData, TVariables>, variables: TVariables): Promise<TData>;
}

export interface AdminClientOptions {
  /** Attempts per call, the first included, before a throttled call gives up. @defaultValue 5 */
  maxAttempts?: number;
  /** First backoff step when the platform gives no hint; doubles per attempt. @defaultValue 200 */
  baseDelayMs?: number;
  /** Longest single wait between attempts, whatever Retry-After or the throttle status say. @defaultValue 5000 */
  maxDelayMs?: number;
  /**
   * How long one attempt may wait for the platform's answer before it counts as a network failure (a query is tried
   * again, a mutation's outcome is unknown). It keeps a redemption's saga well inside the reconciler's age limit.
   * @defaultValue 30000
   */
  attemptTimeoutMs?: number;
  /** @defaultValue setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; cost?: QueryCost };
}

interface QueryCost {
  requestedQueryCost?: number;
  throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: GraphqlError[];
  extensions?: { cost?: QueryCost };
}

/** What one attempt came to: data, a reason to wait and try again, or a final error. */
type AttemptResult =
  | { kind: 'data'; data: unknown }
  | { kind: 'retry'; delayMs: number; throttled: boolean }
  | { kind: 'fail'; error: Error }
  | { kind: 'unauthorized' };

const MIN_THROTTLE_WAIT_MS = 50;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The typed Admin GraphQL client: one POST per attempt to `https://{shop}/admin/api/{version}/graphql.json`
 * through the library's abstract fetch (so SHOP_PLATFORM_URL applies), with the shop's offline token.
 * Throttled calls (GraphQL `THROTTLED`, HTTP 429) are retried after the wait the platform's cost information
 * (or Retry-After) asks for; they were not executed, so this is safe for mutations too. Network failures and 5xx
 * are retried for queries only: a mutation may have been executed, which the caller must check. A token the platform
 * refuses (401) twice, a moment apart, is dropped and the call fails as for a shop without one (ShopNotInstalledError):
 * background work pauses, and the merchant's next visit installs the shop afresh (as Shopify's app templates do); a
 * token stored meanwhile (a refresh, a reinstall) is used instead.
 */
export function createAdminClient(ctx: AppContext, options: AdminClientOptions = {}): AdminClient {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? sleepFor;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
  const tokens = createOfflineTokens(ctx);
  const backoff = (attempt: number) => Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));

  async function attempt(
    shop: string,
    token: string,
    operation: Operation<unknown, unknown>,
    variables: unknown,
    attemptNo: number,
  ): Promise<AttemptResult> {
    const isQuery = operation.kind === 'query';
    const failure = (message: string, status: number | null, outcomeUnknown: boolean): AttemptResult => ({
      kind: 'fail',
      error: new AdminApiError(message, { status, outcomeUnknown, operation: operation.name }),
    });

    let response: Response;
    try {
      response = await abstractFetch(`https://${shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': token },
        body: JSON.stringify({ query: operation.source, variables, operationName: operation.name }),
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
    } catch (error) {
      if (isQuery) return { kind: 'retry', delayMs: backoff(attemptNo), throttled: false };
      return failure(`Admin API unreachable: ${(error as Error).message}`, null, true);
    }

    // The token is not (or no longer) valid: nothing ran, and asking again with it cannot help.
    if (response.status === 401) return { kind: 'unauthorized' };
    if (response.status === 429) {
      return { kind: 'retry', delayMs: retryAfterMs(response.headers.get('retry-after')) ?? backoff(attemptNo), throttled: true };
    }
    if (response.status >= 500) {
      if (isQuery) return { kind: 'retry', delayMs: backoff(attemptNo), throttled: false };
      return failure(`Admin API answered ${response.status}`, response.status, true);
    }
    if (!response.ok) return failure(`Admin API answered ${response.status}`, response.status, false);

    let body: GraphqlBody;
    try {
      body = (await response.json()) as GraphqlBody;
    } catch {
      return failure('Admin API answered with a body that is not JSON', response.status, !isQuery);
    }
    const errors = body.errors ?? [];
    const throttled = errors.find((e) => e.extensions?.code === 'THROTTLED');
    if (throttled) {
      const cost = body.extensions?.cost ?? throttled.extensions?.cost;
      const wait = throttleDelayMs(cost);
      // The bucket refills continuously; a floor keeps a just-too-early retry from spinning.
      return { kind: 'retry', delayMs: wait === undefined ? backoff(attemptNo) : Math.max(MIN_THROTTLE_WAIT_MS, wait), throttled: true };
    }
    if (errors.length > 0 || !body.data) {
      // INTERNAL_SERVER_ERROR is Shopify's in-body 5xx: the operation may have run. A query is tried again; a
      // mutation's outcome is unknown, as after an HTTP 5xx. Other errors (validation, access) mean it did not run.
      const internal = errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
      if (internal && isQuery) return { kind: 'retry', delayMs: backoff(attemptNo), throttled: false };
      const message = errors.map((e) => e.message ?? 'error').join('; ') || 'no data';
      return failure(`Admin API GraphQL errors in ${operation.name}: ${message}`, response.status, internal);
    }
    if (operation.kind === 'mutation') {
      const userErrors = mutationUserErrors(body.data);
      if (userErrors.length > 0) return { kind: 'fail', error: new AdminApiUserError(operation.name, userErrors) };
    }
    return { kind: 'data', data: body.data };
  }

  return {
    async request<TData, TVariables>(shop: string, operation: Operation<TData, TVariables>, variables: TVariables) {
      let accessToken = await tokens.accessToken(shop);
      const op = operation as Operation<unknown, unknown>;
      let lastThrottled = false;
      let refused = 0;
      for (let attemptNo = 1; attemptNo <= maxAttempts; attemptNo++) {
        const result = await attempt(shop, accessToken, op, variables, attemptNo);
        if (result.kind === 'data') return result.data as TData;
        if (result.kind === 'fail') throw result.error;
        if (result.kind === 'unauthorized') {
          // Nothing ran. A token refreshed or reinstalled meanwhile is tried at once; the same token is asked once
          // more after a pause (a refusal that does not last is not taken for a revocation), then dropped.
          refused += 1;
          const stored = await tokens.stored(shop);
          if (stored !== null && stored !== accessToken) {
            accessToken = stored;
            continue;
          }
          if (refused >= 2 || attemptNo === maxAttempts) {
            await tokens.forget(shop, accessToken);
            throw new ShopNotInstalledError(shop);
          }
          ctx.log.warn({ shop, operation: op.name, attempt: attemptNo }, 'admin api refused the access token; asking once more');
          await sleep(backoff(attemptNo));
          continue;
        }
        lastThrottled = result.throttled;
        if (attemptNo === maxAttempts) break;
        const delayMs = Math.min(maxDelayMs, Math.max(0, result.delayMs));
        ctx.log.warn({ shop, operation: op.name, attempt: attemptNo, delayMs, throttled: result.throttled }, 'admin api retry');
        await sleep(delayMs);
      }
      if (lastThrottled) throw new AdminApiThrottledError(op.name, maxAttempts);
      throw new AdminApiError(`Admin API unavailable after ${maxAttempts} attempts (${op.name})`, {
        status: null,
        outcomeUnknown: false,
        operation: op.name,
      });
    },
  };
}

/** Retry-After in seconds (fractional allowed) or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long until the bucket holds what the query asked for: (requested − available) / restoreRate seconds.
 * Undefined when the platform sent no usable cost information.
 */
export function throttleDelayMs(cost: QueryCost | undefined): number | undefined {
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const rate = cost?.throttleStatus?.restoreRate;
  if (typeof requested !== 'number' || typeof available !== 'number' || typeof rate !== 'number' || rate <= 0) {
    return undefined;
  }
  return Math.max(0, Math.ceil(((requested - available) / rate) * 1000));
}

/** The userErrors of every payload a mutation returned. */
function mutationUserErrors(data: Record<string, unknown>): AdminUserError[] {
  return Object.values(data).flatMap((payload) => {
    const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
    return Array.isArray(userErrors) ? (userErrors as AdminUserError[]) : [];
  });
}
