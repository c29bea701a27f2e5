import { HttpResponseError, HttpRetriableError } from '@shopify/shopify-api';

/** Failures of an Admin GraphQL call, typed so callers (the redemption saga) know what may have happened. */

/** The Admin API failed in a way not covered by the subclasses (HTTP error, GraphQL errors, network). */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details: {
      /** HTTP status, or null when no response arrived. */
      status: number | null;
      /**
       * True when the request may have been executed although no answer says so (network failure, 5xx after a
       * mutation was sent): the caller must check before assuming nothing happened.
       */
      outcomeUnknown: boolean;
      operation: string;
    },
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** Still throttled (GraphQL THROTTLED or HTTP 429) after every attempt. Throttled calls are not executed. */
export class AdminApiThrottledError extends AdminApiError {
  constructor(operation: string, attempts: number) {
    super(`Admin API still throttled after ${attempts} attempts (${operation})`, {
      status: null,
      outcomeUnknown: false,
      operation,
    });
    this.name = 'AdminApiThrottledError';
  }
}

export interface AdminUserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** The platform refused the mutation (`userErrors`): a permanent answer, nothing was created. */
export class AdminApiUserError extends AdminApiError {
  constructor(
    operation: string,
    readonly userErrors: AdminUserError[],
  ) {
    super(`${operation} refused: ${userErrors.map((e) => e.message).join('; ')}`, {
      status: 200,
      outcomeUnknown: false,
      operation,
    });
    this.name = 'AdminApiUserError';
  }
}

/**
 * The platform answered without error but not as its schema promises (a mutation without its object and without
 * `userErrors`). Not an AdminApiError: whether the mutation ran is not known, so callers look before assuming it did not.
 */
export class AdminApiUnexpectedAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminApiUnexpectedAnswerError';
  }
}

/** The shop has no offline access token (never installed, or uninstalled). */
export class ShopNotInstalledError extends Error {
  constructor(readonly shop: string) {
    super(`Shop ${shop} has no offline access token`);
    this.name = 'ShopNotInstalledError';
  }
}

/**
 * The platform answered an OAuth request (token exchange, refresh, migration) with a refusal (a 4xx other than 429):
 * asking again with the same input is refused again. Anything else (a 5xx, a throttle, no answer) may pass later.
 */
export function isPlatformRefusal(error: unknown): boolean {
  return error instanceof HttpResponseError && !(error instanceof HttpRetriableError) && error.response.code < 500;
}
