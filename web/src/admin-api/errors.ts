import type { Request } from 'express';
import { HttpError } from '../http/errors.js';
import type { FieldIssues } from '../validation/field-errors.js';
import { errorMessage, fieldMessages, type ErrorCode } from '../validation/messages.js';
import { requestLanguage } from '../validation/language.js';
import type * as Wire from './wire/index.js';

/** An admin API error whose `error` the merchant may read: in the request's language. */
export function apiError(req: Request, status: number, code: ErrorCode): HttpError {
  return new HttpError(status, errorMessage(code, requestLanguage(req)));
}

/**
 * The admin API's 422, in the request's language:
 * `{ "error": "Invalid input", "details": { "fieldErrors": { "<dotted.path>": "message" },
 *   "fieldErrorCodes": { "<dotted.path>": { "code": "too_small", "params": { "minimum": 1, ... } } } } }`.
 * `fieldErrorCodes` says the same without language, for clients that word it themselves.
 */
export function invalidInput(req: Request, issues: FieldIssues): HttpError {
  const language = requestLanguage(req);
  return new HttpError(422, errorMessage('invalid_input', language), {
    fieldErrors: fieldMessages(issues, language),
    fieldErrorCodes: issues,
  } satisfies Wire.InvalidInputDetails);
}
