import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../loyalty/orders/test-payloads.js';
import { findShopByDomain } from '../shops/repository.js';
import { createRedis } from '../queue/connection.js';
import { createWebhookQueue, webhookJob } from '../webhooks/queue.js';
import { useWebhookRoute } from '../webhooks/test-fixture.js';
import { delivery, eventually, TEST_REDIS_URL, type Delivery } from '../webhooks/test-support.js';
import { findCustomerDataExport, listCustomerDataExports } from './exports.js';

// The real pipeline with the real handlers (points engine and compliance), as the platform would drive it.
const SHOP = 'compliance-test.myshopify.com';
const ERASED = 501;
const KEPT = 502;
/** Another shop holding the same customer id and one of the same order ids: nothing of it may be erased or exported. */
const OTHER = 'compliance-other.myshopify.com';

const fx = useWebhookRoute();

beforeAll(async () => {
  const paidAt = new Date(Date.now() - 86_400_000);
  await deliverAll([
    delivery('orders/paid', SHOP, orderPayload({ id: 9001, customerId: ERASED, subtotal: '120.00', processedAt: paidAt })),
    delivery('orders/paid', SHOP, orderPayload({ id: 9002, customerId: ERASED, subtotal: '30.00', processedAt: paidAt })),
    delivery('orders/paid', SHOP, orderPayload({ id: 9003, customerId: KEPT, subtotal: '80.00', processedAt: paidAt })),
  ]);
  await deliverAll([delivery('refunds/create', SHOP, refundPayload({ id: 77, orderId: 9002, createdAt: new Date(), lines: ['10.00'] }))]);
  await deliverAll([
    delivery('orders/paid', OTHER, orderPayload({ id: 9001, customerId: ERASED, subtotal: '55.00', processedAt: paidAt })),
    delivery('orders/paid', OTHER, orderPayload({ id: 9501, customerId: ERASED, subtotal: '5.00', processedAt: paidAt })),
  ]);
  await deliverAll([
    delivery('refunds/create', OTHER, refundPayload({ id: 78, orderId: 9001, createdAt: new Date(), lines: ['5.00'] })),
    delivery('customers/data_request', OTHER, { shop_domain: OTHER, customer: { id: ERASED }, orders_requested: [9001], data_request: { id: 8888 } }),
  ]);
  // A failed event of the other shop naming the customer, its payload kept for a replay.
  await fx.client.query(
    `INSERT INTO webhook_events (shop_domain, event_key, webhook_id, topic, api_version, payload, status)
     VALUES ($1, $2, $2, 'customers/update', '2026-10', $3, 'failed')`,
    [OTHER, randomUUID(), JSON.stringify({ id: ERASED, email: 'erika@example.com' })],
  );
});

/** What the other shop holds: the same before and after every erasure of the first shop. */
async function otherShopHoldings() {
  const { rows } = await fx.client.query<{ points: number; orders: string; refunds: string; exports: string; ledger: string; payloads: string }>(
    `SELECT m.points,
       (SELECT string_agg(order_id, ',' ORDER BY order_id) FROM loyalty_orders WHERE shop_id = s.id) AS orders,
       (SELECT count(*) FROM order_refunds WHERE shop_id = s.id) AS refunds,
       (SELECT count(*) FROM customer_data_exports WHERE shop_id = s.id) AS exports,
       (SELECT count(*) FROM ledger_entries WHERE member_id = m.id) AS ledger,
       (SELECT count(*) FROM webhook_events WHERE shop_domain = s.domain AND payload::text LIKE '%erika@example.com%') AS payloads
     FROM shops s JOIN members m ON m.shop_id = s.id AND m.customer_id = $2 WHERE s.domain = $1`,
    [OTHER, String(ERASED)],
  );
  return rows[0];
}
const OTHER_HOLDINGS = { points: 55, orders: '9001,9501', refunds: '1', exports: '1', ledger: '3', payloads: '1' };

async function status(eventKey: string): Promise<string | undefined> {
  const { rows } = await fx.client.query<{ status: string }>('SELECT status FROM webhook_events WHERE event_key = $1', [eventKey]);
  return rows[0]?.status;
}

/** Posts the deliveries and waits until the pipeline processed every one. */
async function deliverAll(deliveries: Delivery[]): Promise<void> {
  for (const d of deliveries) expect((await fx.server.post(d)).status).toBe(200);
  for (const d of deliveries) {
    await eventually(async () => (await status(d.headers['x-shopify-event-id'] ?? '')) === 'processed');
  }
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await fx.client.query<{ n: string }>(sql, values);
  return Number(rows[0]?.n);
}

const dataRequest = (customerId: number, requestId: number) => ({
  shop_id: 954889,
  shop_domain: SHOP,
  orders_requested: [9001, 9002],
  customer: { id: customerId, email: 'erika@example.com', phone: '555-625-1199' },
  data_request: { id: requestId },
});

describe('customers/data_request', () => {
  it('stores an export of what the app holds on the customer, once per request', async () => {
    await deliverAll([delivery('customers/data_request', SHOP, dataRequest(ERASED, 9999))]);
    // Another delivery of the same request (a new event) stores nothing twice.
    await deliverAll([delivery('customers/data_request', SHOP, dataRequest(ERASED, 9999))]);

    const shop = await findShopByDomain(fx.ctx.db, SHOP);
    const exports = await listCustomerDataExports(fx.ctx.db, shop?.id ?? 0);
    expect(exports).toEqual([{ id: expect.any(Number), customerId: String(ERASED), requestId: '9999', createdAt: expect.any(Date) }]);

    const found = await findCustomerDataExport(fx.ctx.db, shop?.id ?? 0, exports[0]?.id ?? 0);
    const data = found?.data as {
      customerId: string;
      dataRequestId: string;
      ordersRequested: string[];
      data: { member: { points: number }; orders: { orderId: string; refunds: unknown[] }[]; ledger: unknown[] };
    };
    expect(data).toMatchObject({ customerId: String(ERASED), dataRequestId: '9999', ordersRequested: ['9001', '9002'] });
    expect(data.data.member.points).toBe(140);
    expect(data.data.orders.map((o) => o.orderId)).toEqual(['9001', '9002']); // not the other shop's 9001 or 9501
    expect(data.data.orders[1]?.refunds).toHaveLength(1);
    expect(data.data.ledger.length).toBeGreaterThanOrEqual(3);
    // Nothing of another shop's exports is readable through this shop.
    expect(await findCustomerDataExport(fx.ctx.db, (shop?.id ?? 0) + 1000, exports[0]?.id ?? 0)).toBeNull();
  });
});

describe('customers/redact', () => {
  it('erases everything on the customer, in the points data and in the inbox', async () => {
    // An event of the customer still waiting in the inbox, and one that failed earlier (payload kept for replay).
    const waiting = randomUUID();
    const failed = randomUUID();
    await fx.client.query(
      `INSERT INTO webhook_events (shop_domain, event_key, webhook_id, topic, api_version, payload, status)
       VALUES ($1, $2, $2, 'orders/paid', '2026-10', $3, 'received'), ($1, $4, $4, 'customers/update', '2026-10', $5, 'failed')`,
      [
        SHOP,
        waiting,
        JSON.stringify(orderPayload({ id: 9010, customerId: ERASED, subtotal: '500.00', processedAt: new Date() })),
        failed,
        JSON.stringify({ id: ERASED, email: 'erika@example.com' }),
      ],
    );

    await deliverAll([
      delivery('customers/redact', SHOP, {
        shop_id: 954889,
        shop_domain: SHOP,
        customer: { id: ERASED, email: 'erika@example.com', phone: '555-625-1199' },
        orders_to_redact: [9001, 9002],
      }),
    ]);

    const shopId = (await findShopByDomain(fx.ctx.db, SHOP))?.id;
    expect(await count("SELECT count(*) AS n FROM members WHERE shop_id = $1 AND customer_id = '501'", [shopId])).toBe(0);
    expect(await otherShopHoldings()).toEqual(OTHER_HOLDINGS);
    expect(await count('SELECT count(*) AS n FROM ledger_entries l JOIN members m ON m.id = l.member_id WHERE m.shop_id = $1 AND m.customer_id = $2', [shopId, '501'])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM loyalty_orders WHERE shop_id = $1 AND order_id IN ('9001', '9002')", [shopId])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM order_refunds WHERE order_id = '9002'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM customer_data_exports WHERE shop_id = $1 AND customer_id = '501'", [shopId])).toBe(0);
    // No payload in the inbox names the customer or their orders any more; the rows stay for de-duplication.
    expect(await count("SELECT count(*) AS n FROM webhook_events WHERE shop_domain = $1 AND payload::text LIKE '%erika@example.com%'", [SHOP])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_events WHERE shop_domain = $1 AND payload ->> 'order_id' = '9002'", [SHOP])).toBe(0);
    expect(await status(waiting)).toBe('processed');
    expect(await status(failed)).toBe('failed');

    // A job of the closed event still in the queue runs to nothing: the customer does not come back.
    const { rows: ids } = await fx.client.query<{ id: string }>('SELECT id FROM webhook_events WHERE event_key = $1', [waiting]);
    const connection = createRedis(TEST_REDIS_URL);
    const queue = createWebhookQueue(connection, fx.ctx.config.queuePrefix);
    const job = webhookJob([ids[0]?.id ?? '']);
    await queue.add(job.name, job.data, job.opts);
    await eventually(async () => (await queue.getJobState(job.opts.jobId ?? '')) === 'unknown');
    await queue.close();
    connection.disconnect();
    expect(await count("SELECT count(*) AS n FROM members WHERE shop_id = $1 AND customer_id = '501'", [shopId])).toBe(0);

    // The other customer is untouched, and so is the same customer in the other shop.
    const { rows } = await fx.client.query<{ points: number }>("SELECT points FROM members WHERE customer_id = '502'");
    expect(rows[0]?.points).toBe(80);
    expect(await otherShopHoldings()).toEqual(OTHER_HOLDINGS);
  });
});

describe('compliance ids beyond 2^53', () => {
  // Bodies as raw JSON text: JSON.parse rounds 9007199254740993 to 9007199254740992, another customer.
  const ROUNDED_TO = '9007199254740992';

  async function failure(eventKey: string) {
    return eventually(async () => {
      const { rows } = await fx.client.query<{ status: string; last_error: string | null; attempts: number }>(
        'SELECT status, last_error, attempts FROM webhook_events WHERE event_key = $1',
        [eventKey],
      );
      return rows[0]?.status === 'failed' ? rows[0] : undefined;
    });
  }

  it('customers/redact fails at once with the reason, erasing nobody (not the customer the id rounds to)', async () => {
    await deliverAll([
      delivery('customers/create', SHOP, `{"id":${ROUNDED_TO},"admin_graphql_api_id":"gid://shopify/Customer/${ROUNDED_TO}","first_name":"Other"}`),
    ]);
    const redact = delivery('customers/redact', SHOP, `{"shop_domain":"${SHOP}","customer":{"id":9007199254740993},"orders_to_redact":[]}`);
    expect((await fx.server.post(redact)).status).toBe(200);

    expect(await failure(redact.headers['x-shopify-event-id'] ?? '')).toEqual({
      status: 'failed',
      last_error: 'InvalidPayloadError: invalid customers/redact payload: customer.id: is beyond 2^53 (precision lost)',
      attempts: 1,
    });
    expect(await count('SELECT count(*) AS n FROM members WHERE customer_id = $1', [ROUNDED_TO])).toBe(1);
  });

  it('customers/data_request fails at once with the reason for a request id JSON.parse rounded', async () => {
    const request = delivery('customers/data_request', SHOP, '{"customer":{"id":502},"data_request":{"id":99999999999999999999}}');
    expect((await fx.server.post(request)).status).toBe(200);
    expect(await failure(request.headers['x-shopify-event-id'] ?? '')).toMatchObject({
      last_error: 'InvalidPayloadError: invalid customers/data_request payload: data_request.id: is beyond 2^53 (precision lost)',
      attempts: 1,
    });
    expect(await count("SELECT count(*) AS n FROM customer_data_exports WHERE request_id LIKE '1000%'")).toBe(0);
  });
});

describe('a compliance body signed for another shop, sent with this shop\'s header (the HMAC covers the body only)', () => {
  const failedWith = async (eventKey: string) =>
    eventually(async () => {
      const { rows } = await fx.client.query<{ status: string; last_error: string | null }>(
        'SELECT status, last_error FROM webhook_events WHERE event_key = $1',
        [eventKey],
      );
      return rows[0]?.status === 'failed' ? rows[0].last_error : undefined;
    });

  it.each([
    ['shop/redact', { shop_id: 1, shop_domain: 'attacker.myshopify.com' }, 'shop_domain'],
    ['customers/redact', { shop_domain: 'attacker.myshopify.com', customer: { id: KEPT }, orders_to_redact: [] }, 'shop_domain'],
    ['customers/data_request', { shop_domain: 'attacker.myshopify.com', customer: { id: KEPT }, data_request: { id: 77 } }, 'shop_domain'],
    ['app/uninstalled', { id: 1, myshopify_domain: 'attacker.myshopify.com' }, 'myshopify_domain'],
  ])('%s erases, exports or uninstalls nothing: the event fails with both shops named', async (topic, body, field) => {
    const shop = await findShopByDomain(fx.ctx.db, SHOP);
    const members = await count('SELECT count(*) AS n FROM members WHERE shop_id = $1', [shop?.id]);
    const replayed = delivery(topic, SHOP, body);
    expect((await fx.server.post(replayed)).status).toBe(200);
    expect(await failedWith(replayed.headers['x-shopify-event-id'] ?? '')).toBe(
      `InvalidPayloadError: invalid ${topic} payload: ${field} "attacker.myshopify.com" is not the delivery's shop ${SHOP}`,
    );
    expect(await findShopByDomain(fx.ctx.db, SHOP)).toMatchObject({ id: shop?.id, uninstalledAt: shop?.uninstalledAt ?? null });
    expect(await count('SELECT count(*) AS n FROM members WHERE shop_id = $1', [shop?.id])).toBe(members);
    expect(await count("SELECT count(*) AS n FROM customer_data_exports WHERE request_id = '77'")).toBe(0);
  });

  // An order of this very shop, its signed body captured and sent again as another topic (no shop named in it).
  const order = { id: 9_100_001, admin_graphql_api_id: 'gid://shopify/Order/9100001', customer: { id: KEPT }, line_items: [] };
  // This shop's own compliance bodies, captured and sent again under another compliance topic.
  const redactBody = { shop_id: 1, shop_domain: SHOP, customer: { id: KEPT }, orders_to_redact: [] };
  const requestBody = { shop_id: 1, shop_domain: SHOP, customer: { id: KEPT }, orders_requested: [], data_request: { id: 78 } };
  it.each([
    ['shop/redact', order, 'it has "id" (the body of another topic)'],
    ['customers/redact', order, 'it has "id" (the body of another topic)'],
    ['customers/data_request', order, 'it has "id" (the body of another topic)'],
    ['app/uninstalled', order, 'it has "customer" (the body of another topic)'],
    ['app/uninstalled', { id: 9_100_001, admin_graphql_api_id: 'gid://shopify/Order/9100001' }, 'it is not a shop ("gid://shopify/Order/9100001")'],
    ['shop/redact', redactBody, 'it has "customer" (the body of another topic)'],
    ['shop/redact', requestBody, 'it has "customer" (the body of another topic)'],
    ['customers/redact', requestBody, 'it has "orders_requested" (the body of another topic)'],
    ['customers/data_request', redactBody, 'it has "orders_to_redact" (the body of another topic)'],
    ['app/uninstalled', { shop_id: 1, shop_domain: SHOP }, 'it has "shop_domain" (the body of another topic)'],
  ] as const)('another topic\'s body sent as %s does nothing either (%#)', async (topic, body, why) => {
    const shop = await findShopByDomain(fx.ctx.db, SHOP);
    const members = await count('SELECT count(*) AS n FROM members WHERE shop_id = $1', [shop?.id]);
    const replayed = delivery(topic, SHOP, body);
    expect((await fx.server.post(replayed)).status).toBe(200);
    expect(await failedWith(replayed.headers['x-shopify-event-id'] ?? '')).toBe(`InvalidPayloadError: invalid ${topic} payload: ${why}`);
    expect(await findShopByDomain(fx.ctx.db, SHOP)).toMatchObject({ id: shop?.id, uninstalledAt: shop?.uninstalledAt ?? null });
    expect(await count('SELECT count(*) AS n FROM members WHERE shop_id = $1', [shop?.id])).toBe(members);
  });
});

describe('shop/redact', () => {
  it('erases the shop with everything in it', async () => {
    const shop = await findShopByDomain(fx.ctx.db, SHOP);
    expect(shop).not.toBeNull();
    await deliverAll([delivery('shop/redact', SHOP, { shop_id: 954889, shop_domain: SHOP })]);

    expect(await findShopByDomain(fx.ctx.db, SHOP)).toBeNull();
    expect(await count('SELECT count(*) AS n FROM members WHERE shop_id = $1', [shop?.id])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM loyalty_orders WHERE shop_id = $1', [shop?.id])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM webhook_events WHERE shop_domain = $1 AND payload IS NOT NULL', [SHOP])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM webhook_events WHERE shop_domain = $1', [SHOP])).toBeGreaterThan(0);
    // The other shop keeps everything.
    expect(await otherShopHoldings()).toEqual(OTHER_HOLDINGS);
  });
});
