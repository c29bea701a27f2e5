import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { requestLanguage } from '../validation/language.js';
import { errorMessage } from '../validation/messages.js';

/** An error that maps straight to an HTTP answer `{ "error": message }`. Thrown by handlers and validators. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The status's standard reason phrase in sentence case ("Not found"): the answer when nothing more may be said. */
export function statusMessage(status: number): string {
  const phrase = STATUS_CODES[status] ?? 'Error';
  return phrase.charAt(0) + phrase.slice(1).toLowerCase();
}

/** 404 for every route nobody answered. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, errorMessage('route_not_found', requestLanguage(req), { method: req.method, path: req.path })));
};

interface LibraryHttpError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** The 4xx status a library error (http-errors: body-parser, serve-static, the router) carries, if any. */
function clientErrorStatus(error: LibraryHttpError): number | null {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * The one place errors become HTTP statuses: HttpError as given; a library's 4xx with its status, its message only
 * when the library marked it for clients (`expose: true`, as body-parser does), else the status's plain wording,
 * because other messages may carry internals (serve-static's carry the server's file paths); anything else is a 500.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    const libraryError = (typeof error === 'object' && error !== null ? error : {}) as LibraryHttpError;
    const status = clientErrorStatus(libraryError);
    if (status !== null) {
      const { expose, message } = libraryError;
      res.status(status).json({ error: expose === true && typeof message === 'string' && message ? message : statusMessage(status) });
      return;
    }
    log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: errorMessage('internal_error', requestLanguage(req)) });
  };
}
