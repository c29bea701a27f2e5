import type { Request } from 'express';
import type { z } from 'zod';
import type { HttpError } from '../http/errors.js';
import { validate } from '../validation/field-errors.js';
import { invalidInput } from './errors.js';

function parse<S extends z.ZodType>(req: Request, schema: S, input: unknown, root: string): z.output<S> {
  const result = validate(schema, input, root);
  if (!result.ok) throw invalidInput(req, result.issues);
  return result.data;
}

/** The one place a request's JSON body is validated: parsed with `schema`, or a 422 naming every bad field. */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(req, schema, req.body, 'body');
}

/** The same for the query string. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(req, schema, req.query, 'query');
}

/**
 * A path parameter in the shape the API hands such ids out (`pattern`), or `notFound`: an id that cannot exist names
 * nothing, as one that exists nowhere (and text such as a NUL never reaches the database).
 */
export function pathParam(req: Request, name: string, pattern: RegExp, notFound: (req: Request) => HttpError): string {
  const value = req.params[name];
  if (typeof value !== 'string' || !pattern.test(value)) throw notFound(req);
  return value;
}
