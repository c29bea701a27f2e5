import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { allowedMethods } from './routes.js';

/** An app-like router: routes in routers mounted without a path (as the admin API's) and under a prefix. */
function routers(): Router {
  const items = Router();
  items.get('/items', () => undefined);
  items.post('/items', () => undefined);
  items.get('/items/:id', () => undefined);
  items.put('/items/:id', () => undefined);
  items.delete('/items/:id', () => undefined);
  const nested = Router();
  nested.post('/run', () => undefined);
  nested.all('/anything', () => undefined);
  const root = Router();
  root.use((_req, _res, next) => next()); // a middleware: no methods of its own
  root.use(items);
  root.use('/jobs/:jobId', nested);
  return root;
}

describe('allowedMethods', () => {
  it.each([
    ['/items', ['GET', 'HEAD', 'POST']],
    ['/items/', ['GET', 'HEAD', 'POST']],
    ['/ITEMS', ['GET', 'HEAD', 'POST']],
    ['/items/42', ['GET', 'HEAD', 'PUT', 'DELETE']],
    ['/jobs/7/run', ['POST']],
  ])('%s → %j', (path, methods) => {
    expect(allowedMethods(routers(), path)).toEqual(methods);
  });

  it.each(['/', '/nothing', '/items/42/more', '/jobs/7', '/jobs/7/anything'])('%s → none (404, not 405)', (path) => {
    expect(allowedMethods(routers(), path)).toEqual([]);
  });

  it('sees routes added after it was asked once', () => {
    const router = routers();
    expect(allowedMethods(router, '/late')).toEqual([]);
    router.patch('/late', () => undefined);
    expect(allowedMethods(router, '/late')).toEqual(['PATCH']);
  });
});
