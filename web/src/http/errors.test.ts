import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { errorHandler, HttpError, statusMessage } from './errors.js';

function handle(error: unknown, acceptLanguage?: string): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const req = { method: 'GET', path: '/x', acceptsLanguages: (languages: string[]) => (acceptLanguage && languages.includes(acceptLanguage) ? acceptLanguage : false) };
  errorHandler(createLogger('silent'))(error, req as unknown as Request, res as unknown as Response, () => undefined);
  return sent;
}

/** An http-errors error as serve-static and body-parser make them. */
const libraryError = (status: number, message: string, expose: boolean) => Object.assign(new Error(message), { status, expose });

describe('errorHandler', () => {
  it("passes the app's own HttpError as thrown", () => {
    expect(handle(new HttpError(409, 'Not enough points', { need: 5 }))).toEqual({
      status: 409,
      body: { error: 'Not enough points', details: { need: 5 } },
    });
  });

  it("keeps a library 4xx message the library marked for clients (body-parser's)", () => {
    expect(handle(libraryError(413, 'request entity too large', true))).toEqual({ status: 413, body: { error: 'request entity too large' } });
  });

  it("words any other 4xx by its status: serve-static's carries the server's file path", () => {
    const enoent = libraryError(404, "ENOENT: no such file or directory, stat '/srv/app/dist/assets/nope.js'", false);
    expect(handle(enoent)).toEqual({ status: 404, body: { error: 'Not found' } });
    expect(handle(Object.assign(new Error('internal'), { statusCode: 400 }))).toEqual({ status: 400, body: { error: 'Bad request' } });
  });

  it('answers 500 without detail for everything else', () => {
    expect(handle(new Error('connection refused at 10.0.0.3'))).toEqual({ status: 500, body: { error: 'Internal server error' } });
    expect(handle(libraryError(503, 'upstream down', true))).toEqual({ status: 500, body: { error: 'Internal server error' } });
    expect(handle('a string')).toEqual({ status: 500, body: { error: 'Internal server error' } });
    // In the admin user's language when the request names it (the admin shows it to the merchant).
    expect(handle(new Error('boom'), 'de')).toEqual({ status: 500, body: { error: 'Interner Serverfehler' } });
  });
});

describe('statusMessage', () => {
  it.each([
    [404, 'Not found'],
    [405, 'Method not allowed'],
    [431, 'Request header fields too large'],
    [599, 'Error'],
  ])('%i → %s', (status, message) => {
    expect(statusMessage(status)).toBe(message);
  });
});
