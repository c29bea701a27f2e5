import express, { type Request, type RequestHandler } from 'express';
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

/** body-parser's syntax errors: their message quotes the body and the parser's wording, not what to fix. */
function isParseError(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'entity.parse.failed';
}

/**
 * Request bodies of a JSON API, which only ever takes objects: a body is read only as JSON (415 for any other
 * type, which would otherwise leave the body unread and reach the handlers as a missing one), and must be a JSON
 * object (400 for a scalar or an array, and for text that is not JSON). No body at all is left to the handlers
 * (`req.body` undefined): some routes take none.
 */
export function jsonBody(options: { limit: string }): RequestHandler {
  // Not strict: body-parser's strict mode refuses scalars itself, in its parser's wording, and lets arrays through.
  const parse = express.json({ limit: options.limit, strict: false, type: JSON_TYPES });
  return (req, res, next) => {
    if (!declaresBody(req)) {
      next();
      return;
    }
    if (!req.is(JSON_TYPES)) {
      next(new HttpError(415, 'Send the body as application/json'));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (isParseError(error)) next(new HttpError(400, 'The body is not valid JSON'));
      else if (error) next(error);
      else if (!isJsonObject(req.body)) next(new HttpError(400, 'The body must be a JSON object'));
      else next();
    });
  };
}
