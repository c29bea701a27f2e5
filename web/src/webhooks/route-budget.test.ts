import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler } from './route.js';

/** The body budget alone: a handler whose inbox and queue do nothing, in front of a plain server. */
let server: Server;
let port: number;

beforeAll(async () => {
  const handler = createWebhookHandler({
    apiSecret: 'secret',
    bodyBudgetBytes: 1000,
    inbox: { insert: () => Promise.resolve('1') },
    enqueuer: { enqueue: () => {}, hold: () => {}, flush: () => Promise.resolve() } as never,
    handles: () => true,
    log: pino({ level: 'silent' }),
  });
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Starts a delivery of `length` bytes and sends `sent` of them; `finish` sends the rest; `status` is its answer. */
function delivery(length: number, sent: number) {
  const req = request({ port, method: 'POST', path: '/api/webhooks', headers: { 'content-length': String(length), 'x-shopify-hmac-sha256': 'x' } });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.write('x'.repeat(sent));
  return { status, finish: () => req.end('x'.repeat(length - sent)) };
}

describe('the webhook body budget', () => {
  it('answers 503 to a delivery that does not fit beside those being read, and takes it once they are done', async () => {
    const slow = delivery(800, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = delivery(800, 800);
    refused.finish();
    expect(await refused.status).toBe(503);

    slow.finish();
    // Read whole, its HMAC is wrong: the contract's 401, and its reservation is given back.
    expect(await slow.status).toBe(401);
    // (Given back when its response closes, a moment after the status arrived here.)
    await expect.poll(() => {
      const next = delivery(800, 0);
      next.finish();
      return next.status;
    }).toBe(401);
  });

  it('takes a lone delivery larger than the whole budget (never refused for good)', async () => {
    const large = delivery(5000, 0);
    large.finish();
    expect(await large.status).toBe(401);
  });
});
