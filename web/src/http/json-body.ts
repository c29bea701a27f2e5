import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import { requestLanguage } from '../validation/language.js';
import { errorMessage, type ErrorCode } from '../validation/messages.js';
import { HttpError } from './errors.js';

/** JSON, including its structured-syntax types (`application/vnd.api+json`, RFC 6839): all parse the same. */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Whether the request says it carries a body (RFC 9112: a Transfer-Encoding, or a Content-Length above 0). A
 * `Content-Length: 0` with any type is no body: what clients send for a POST without one.
 */
function declaresBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** body-parser's failures that say what the client must fix, by their `type`, with the status to answer. */
const PARSER_FAILURES: Record<string, { status: number; code: ErrorCode }> = {
  // Its message quotes the body and the parser's wording, not what to fix.
  'entity.parse.failed': { status: 400, code: 'body_invalid_json' },
  'entity.too.large': { status: 413, code: 'body_too_large' },
  'charset.unsupported': { status: 415, code: 'body_charset' },
  'encoding.unsupported': { status: 415, code: 'body_charset' },
};

/**
 * Request bodies of a JSON API, which only ever takes objects: a body is read only as JSON (415 for any other
 * type, which would otherwise leave the body unread and reach the handlers as a missing one), and must be UTF-8
 * (RFC 8259; the parser would otherwise store replacement characters for the bytes it cannot read) and a JSON
 * object (400 for a scalar or an array, and for text that is not JSON). No body at all is left to the handlers
 * (`req.body` undefined): some routes take none. Refusals are worded in the request's language.
 */
export function jsonBody(options: { limit: string }): RequestHandler {
  const refusal = (req: Request, status: number, code: ErrorCode) =>
    new HttpError(status, errorMessage(code, requestLanguage(req), { limit: options.limit }));
  const parse = express.json({
    limit: options.limit,
    // Not strict: body-parser's strict mode refuses scalars itself, in its parser's wording, and lets arrays through.
    strict: false,
    type: JSON_TYPES,
    verify: (req, _res, bytes) => {
      // Thrown here, body-parser passes the error on with its own status.
      if (!isUtf8(bytes)) throw refusal(req as Request, 400, 'body_invalid_utf8');
    },
  });
  return (req, res, next) => {
    if (!declaresBody(req)) {
      next();
      return;
    }
    if (!req.is(JSON_TYPES)) {
      next(refusal(req, 415, 'body_type'));
      return;
    }
    parse(req, res, (error?: unknown) => {
      const failure = PARSER_FAILURES[String((error as { type?: unknown } | null)?.type)];
      if (error instanceof HttpError) next(error);
      else if (failure) next(refusal(req, failure.status, failure.code));
      else if (error) next(error);
      else if (!isJsonObject(req.body)) next(refusal(req, 400, 'body_not_object'));
      else next();
    });
  };
}
