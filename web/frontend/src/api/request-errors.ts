/**
 * How a failed API call reaches the admin: always as an ApiError worded for the merchant, never as the browser's own
 * English ("Failed to fetch", "Unexpected token '<'"). Pure, no imports: the unit test in web/test/browser imports
 * it under NodeNext.
 */

/**
 * An API answer other than 2xx (the server's `{error, details?}`, with 422's field errors by dotted path), or a
 * request that got no usable answer.
 */
export class ApiError extends Error {
  constructor(
    /** The answer's status; 0 when no answer came (the network failed, or no session token could be had). */
    readonly status: number,
    message: string,
    /** `details.fieldErrors` of a 422, e.g. `{ "tiers.1.threshold": "..." }`, worded in the client's locale; empty otherwise. */
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The merchant's wording of failures that bring no answer of the API. */
export interface FailureWording {
  /** The request or its answer was lost on the way (offline, the server down, a cut-off body). */
  unreachable: string;
  /** An answer came but is not the API's JSON (a proxy's or captive portal's page). */
  unexpectedAnswer(status: number): string;
}

/** An abort is the caller's own doing (a newer load replaced the request): it is passed on as it is, never shown. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * What fetch's or the body's failure becomes: the same abort, or an ApiError. `answerStatus`: the status of the
 * answer whose body could not be read; a body that is not JSON is an unexpected answer, any other failure a lost one.
 */
export function requestFailure(error: unknown, wording: FailureWording, answerStatus?: number): unknown {
  if (isAbort(error) || error instanceof ApiError) return error;
  if (answerStatus !== undefined && error instanceof SyntaxError) return new ApiError(answerStatus, wording.unexpectedAnswer(answerStatus));
  return new ApiError(0, wording.unreachable);
}
