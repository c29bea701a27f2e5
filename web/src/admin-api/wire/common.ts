/** Shapes several admin API answers share. Times are ISO 8601 strings (UTC), ids are strings of digits. */

/** A tier as an answer names it. */
export interface TierRef {
  id: string;
  name: string;
}

/** Inclusive day keys (`YYYY-MM-DD`) in the shop's timezone. */
export interface DateRange {
  from: string;
  to: string;
}

/** A field's problem in a 422, without language: `{ code: "too_small", params: { minimum: 1 } }`. */
export interface FieldErrorCode {
  code: string;
  params: Record<string, unknown>;
}

/** `details` of a 422 (invalid input). Keys are dotted paths of the request's fields, e.g. `tiers.1.threshold`. */
export interface InvalidInputDetails {
  /** Worded in the request's language (`Accept-Language`). */
  fieldErrors: Record<string, string>;
  fieldErrorCodes: Record<string, FieldErrorCode>;
}

/** Every answer other than 2xx: `error` is worded in the request's language; a 422 names the bad fields. */
export interface ApiErrorBody {
  error: string;
  details?: InvalidInputDetails;
}

/**
 * The body of an editor's save (`PUT`): what it saves and the `version` its GET gave. Someone else's save since then
 * moved the version on: 409 (`ApiErrorBody`, "reload to see their changes"), and nothing is written.
 */
export type Versioned<T> = { [K in keyof (T & { version: number })]: (T & { version: number })[K] };
