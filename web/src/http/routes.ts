import type { RequestHandler, Router } from 'express';
import { HttpError } from './errors.js';
import { requestLanguage } from '../validation/language.js';
import { errorMessage } from '../validation/messages.js';

/**
 * What this reads of a router's `stack` (Express 5's router): @types/express still describes Express 4's layers,
 * whose `match` stored its result on the layer; Express 5's returns it (the matched part of the path) and stores
 * nothing, so asking it from outside a dispatch is safe.
 */
interface StackLayer {
  route?: { methods: Record<string, boolean | undefined> };
  handle: unknown;
  match(path: string): { path: string } | false;
}

function stackOf(handle: unknown): StackLayer[] | null {
  const stack = (handle as { stack?: unknown } | null)?.stack;
  return typeof handle === 'function' && Array.isArray(stack) ? (stack as StackLayer[]) : null;
}

/** The methods the routes of `stack` (and of the routers mounted in it) answer at `path`, HEAD with GET as Express does. */
function collectMethods(stack: StackLayer[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    const match = layer.match(path);
    if (!match) continue;
    if (layer.route) {
      // `_all` (router.all) answers every method: nothing to list for it.
      const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
      for (const method of methods) into.add(method.toUpperCase());
      if (methods.includes('get')) into.add('HEAD');
      continue;
    }
    const mounted = stackOf(layer.handle);
    if (mounted) collectMethods(mounted, path.slice(match.path.length) || '/', into);
  }
}

/** The methods `router` has routes for at `path` (relative to where the router is mounted), in registration order. */
export function allowedMethods(router: Router, path: string): string[] {
  const methods = new Set<string>();
  collectMethods(stackOf(router) ?? [], path, methods);
  return [...methods];
}

/**
 * Mounted right after `router` (at the same path): a request the router left unanswered on a path it has routes
 * for, but not for this method, gets 405 with `Allow` (RFC 9110) instead of the 404 an unknown path gets. Read
 * from the router's own routes, so it never goes stale when routes are added.
 */
export function methodNotAllowed(router: Router): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(router, req.path);
    if (allowed.length === 0 || allowed.includes(req.method)) {
      next();
      return;
    }
    res.set('Allow', allowed.join(', '));
    const params = { method: req.method, path: `${req.baseUrl}${req.path}`, allowed: allowed.join(', ') };
    next(new HttpError(405, errorMessage('method_not_allowed', requestLanguage(req), params)));
  };
}

/**
 * `handler` for the requests one of `router`'s routes will answer (this path, this method), mounted ahead of the
 * router; others pass by untouched, so an unknown path still gets its 404 and another method its 405 rather than
 * what `handler` would say (a body check's 415).
 */
export function forRoutesOf(router: Router, handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (allowedMethods(router, req.path).includes(req.method)) handler(req, res, next);
    else next();
  };
}
