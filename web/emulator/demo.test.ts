import { RequestedTokenType } from '@shopify/shopify-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoShop, type DemoShop } from './demo.js';
import { DEMO_SHOP_DOMAIN, startEmulator, type Emulator } from './index.js';
import { startRecordingApp, TEST_API_KEY, TEST_API_SECRET, testShopifyApi, type RecordingApp } from './test-support.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

/**
 * A stand-in app: `GET /api/program` checks the session token and installs through token exchange (failing the
 * first `unavailable` calls, as an app still starting would); `/api/webhooks` takes everything.
 */
async function demoWorld(unavailable = 0, { staleToken = false } = {}): Promise<{ app: RecordingApp; emulator: Emulator }> {
  let calls = 0;
  // A token kept from an earlier emulator run: the app answers without installing until an Admin API call fails.
  let holdsStaleToken = staleToken;
  const platform: { url?: string } = {};
  const app = await startRecordingApp(async (request, _req, res) => {
    if (request.path.startsWith('/api/products/variants')) {
      holdsStaleToken = false;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"shop_access_lost"}');
      return;
    }
    if (request.path === '/api/program') {
      calls += 1;
      if (calls <= unavailable) {
        res.writeHead(503).end();
        return;
      }
      if (holdsStaleToken) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const shopify = testShopifyApi(platform.url);
      const sessionToken = String(request.headers.authorization).replace(/^Bearer /, '');
      const payload = await shopify.session.decodeSessionToken(sessionToken);
      const shop = new URL(payload.dest).hostname;
      await shopify.auth.tokenExchange({ shop, sessionToken, requestedTokenType: RequestedTokenType.OfflineAccessToken });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200).end();
  });
  const emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: app.url });
  platform.url = emulator.url;
  cleanup.push(() => app.close(), () => emulator.close());
  return { app, emulator };
}

function webhooks(app: RecordingApp, topic?: string) {
  return app.requests.filter((r) => r.path === '/api/webhooks' && (!topic || r.headers['x-shopify-topic'] === topic));
}

async function run(options: Parameters<typeof startDemoShop>[1], world: { emulator: Emulator }): Promise<DemoShop> {
  const demo = await startDemoShop(world.emulator, options);
  cleanup.push(() => demo.stop());
  return demo;
}

describe('the demo shop', () => {
  it('installs the app the real way, retrying until it answers, then delivers customers and a year of orders', async () => {
    const world = await demoWorld(2);
    const demo = await run({ appUrl: world.app.url, stream: false }, world);
    await demo.ready;

    const installs = world.app.requests.filter((r) => r.path === '/api/program');
    expect(installs).toHaveLength(3);
    expect(world.emulator.accessToken(DEMO_SHOP_DOMAIN)).toMatch(/^shpat_/);
    expect(world.emulator.addShop({ domain: DEMO_SHOP_DOMAIN })).toMatchObject({ name: 'Loyale Demo', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });

    const customers = webhooks(world.app, 'customers/create').map((r) => JSON.parse(r.body) as { id: number; email: string; first_name: string });
    expect(customers).toHaveLength(50);
    expect(new Set(customers.map((c) => c.email)).size).toBe(50);
    expect(world.emulator.customers(DEMO_SHOP_DOMAIN)).toHaveLength(50);

    const orders = webhooks(world.app, 'orders/paid').map((r) => JSON.parse(r.body) as { processed_at: string; current_subtotal_price: string; customer: { id: number } });
    expect(orders).toHaveLength(150);
    const yearAgo = Date.now() - 365 * 86_400_000;
    const times = orders.map((o) => Date.parse(o.processed_at));
    expect(times.every((t) => t > yearAgo && t <= Date.now())).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(orders.every((o) => Number(o.current_subtotal_price) > 0 && customers.some((c) => c.id === o.customer.id))).toBe(true);
    expect(webhooks(world.app, 'refunds/create')).toHaveLength(6);
    expect(webhooks(world.app, 'orders/cancelled')).toHaveLength(2);
    expect(world.emulator.webhooks().every((w) => w.status === 200)).toBe(true);
  });

  it('after a restart, when the app holds a token of the earlier emulator run, makes the app drop it and installs again', async () => {
    const world = await demoWorld(0, { staleToken: true });
    const demo = await run({ appUrl: world.app.url, stream: false }, world);
    await demo.ready;

    const asked = world.app.requests.filter((r) => r.path !== '/api/webhooks').map((r) => r.path);
    expect(asked).toEqual(['/api/program', '/api/products/variants', '/api/program']);
    expect(world.emulator.accessToken(DEMO_SHOP_DOMAIN)).toMatch(/^shpat_/);
  });

  it('fulfils most orders 1–3 days after they are paid, never in the future and never a cancelled one', async () => {
    const world = await demoWorld();
    const before = Date.now();
    await (await run({ appUrl: world.app.url, stream: false }, world)).ready;

    interface OrderBody {
      id: number;
      processed_at: string;
      current_subtotal_price: string;
      customer: { id: number };
      fulfillment_status: string | null;
      fulfillments: { created_at: string; status: string }[];
    }
    const sent = webhooks(world.app).map((r) => ({ topic: r.headers['x-shopify-topic'], body: JSON.parse(r.body) as OrderBody }));
    const paid = new Map(sent.filter((w) => w.topic === 'orders/paid').map((w, index) => [w.body.id, { order: w.body, index }]));
    const cancelled = new Set(sent.filter((w) => w.topic === 'orders/cancelled').map((w) => w.body.id));
    const fulfilled = sent.flatMap((w, index) => (w.topic === 'orders/fulfilled' ? [{ order: w.body, index }] : []));

    expect(fulfilled.length).toBeGreaterThanOrEqual(140);
    expect(new Set(fulfilled.map((f) => f.order.id)).size).toBe(fulfilled.length);
    for (const { order, index } of fulfilled) {
      const placed = paid.get(order.id);
      expect(placed, `order ${order.id} was paid`).toBeDefined();
      expect(cancelled.has(order.id)).toBe(false);
      // The same order (customer, subtotal, processed_at), now fulfilled, delivered after its payment.
      expect(order).toMatchObject({ processed_at: placed!.order.processed_at, current_subtotal_price: placed!.order.current_subtotal_price, customer: { id: placed!.order.customer.id } });
      expect(order.fulfillment_status).toBe('fulfilled');
      expect(order.fulfillments).toHaveLength(1);
      expect(order.fulfillments[0]!.status).toBe('success');
      expect(index).toBeGreaterThan(placed!.index);
      const shippedAt = Date.parse(order.fulfillments[0]!.created_at);
      const days = (shippedAt - Date.parse(order.processed_at)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThanOrEqual(3);
      expect(shippedAt).toBeLessThanOrEqual(before + 60_000);
    }
    // Every order not cancelled and paid more than 3 days ago has shipped.
    const due = [...paid.values()].filter(({ order }) => !cancelled.has(order.id) && Date.parse(order.processed_at) < before - 3 * 86_400_000);
    expect(due.map(({ order }) => order.id).filter((id) => !fulfilled.some((f) => f.order.id === id))).toEqual([]);
  });

  it('is the same shop on every start: same customers, orders and backlog event ids', async () => {
    const first = await demoWorld();
    const second = await demoWorld();
    await (await run({ appUrl: first.app.url, stream: false }, first)).ready;
    await (await run({ appUrl: second.app.url, stream: false }, second)).ready;
    const summary = (app: RecordingApp) =>
      webhooks(app).map((r) => {
        const body = JSON.parse(r.body) as { id: number; current_subtotal_price?: string };
        return [r.headers['x-shopify-topic'], r.headers['x-shopify-event-id'], body.id, body.current_subtotal_price];
      });
    expect(summary(second.app)).toEqual(summary(first.app));
  });

  it('streams new orders, refunds, duplicates and newcomers until stopped', async () => {
    const world = await demoWorld();
    const demo = await run({ appUrl: world.app.url, customers: 5, backlogOrders: 5, streamIntervalMs: 5, streamFulfilmentDelayMs: 20 }, world);
    await demo.ready;
    const backlogCount = webhooks(world.app).length;
    while (webhooks(world.app).length < backlogCount + 100) await new Promise((r) => setTimeout(r, 20));
    await demo.stop();
    const stopped = webhooks(world.app).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(webhooks(world.app).length).toBe(stopped);

    const streamed = world.emulator.webhooks().slice(backlogCount);
    const topics = new Set(streamed.map((w) => (w.duplicate ? 'duplicate' : w.topic)));
    expect(topics).toEqual(new Set(['orders/paid', 'orders/fulfilled', 'refunds/create', 'duplicate', 'customers/create']));
    const newOrderIds = streamed.filter((w) => w.topic === 'orders/paid' && !w.duplicate).map((w) => (JSON.parse(w.body) as { id: number }).id);
    expect(new Set(newOrderIds).size).toBe(newOrderIds.length);

    // A streamed order is fulfilled a little after its payment: the same order, delivered after its orders/paid.
    const delivered = world.emulator.webhooks().filter((w) => !w.duplicate);
    const orderOf = (body: string) => JSON.parse(body) as { id: number; created_at: string; fulfillments: { created_at: string }[] };
    const paidAt = new Map(delivered.flatMap((w, index) => (w.topic === 'orders/paid' ? [[orderOf(w.body).id, { index, order: orderOf(w.body) }] as const] : [])));
    const shipped = delivered.flatMap((w, index) => (w.topic === 'orders/fulfilled' && index >= backlogCount ? [{ index, order: orderOf(w.body) }] : []));
    expect(shipped.length).toBeGreaterThan(0);
    expect(new Set(shipped.map((s) => s.order.id)).size).toBe(shipped.length);
    for (const { index, order } of shipped) {
      const placed = paidAt.get(order.id);
      expect(placed, `order ${order.id} was paid`).toBeDefined();
      expect(index).toBeGreaterThan(placed!.index);
      expect(order.created_at).toBe(placed!.order.created_at);
      expect(Date.parse(order.fulfillments[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(order.created_at));
    }
    // Most streamed orders shipped before the stream stopped (the last few were still waiting).
    expect(shipped.filter((s) => newOrderIds.includes(s.order.id)).length).toBeGreaterThanOrEqual(newOrderIds.length - 10);
  });
});
