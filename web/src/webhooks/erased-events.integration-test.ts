import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { ensureShop } from '../shops/repository.js';
import { poolOf } from '../db/client.js';
import { prismaSqlClient, sqlTransaction } from '../db/sql-client.js';
import { lockUnerasedEvents, markEventsProcessed } from './erased-events.js';
import { defaultTopicHandlers } from './handlers.js';
import { redactCustomerFromInbox } from './inbox-redaction.js';
import { eventually, testContext } from './test-support.js';

/**
 * customers/redact against events already read: a handler holding a payload the erasure dropped meanwhile stores
 * nothing of it, and an erasure that comes while a handler applies an event waits for it (and then erases it).
 */
const SHOP = 'erased-events.myshopify.com';
let database: TestDatabase;
let ctx: AppContext;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = testContext(database.url);
  await ensureShop(ctx.db, SHOP);
});

afterAll(async () => {
  await ctx?.db.$disconnect();
  await database?.drop();
});

/** Stores an event in the inbox as the route would; returns its ref for the handler. */
async function stored(topic: string, payload: object) {
  const key = randomUUID();
  const [row] = await ctx.db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO webhook_events (shop_domain, event_key, webhook_id, topic, api_version, payload, status)
    VALUES (${SHOP}, ${key}, ${key}, ${topic}, '2026-10', ${JSON.stringify(payload)}::jsonb, 'received') RETURNING id`;
  if (!row) throw new Error('not stored');
  return { id: row.id, topic, eventKey: key };
}

const run = (topic: string, payload: object, event: { id: bigint; topic: string; eventKey: string }) =>
  defaultTopicHandlers[topic]?.(ctx, SHOP, payload, event);

async function customerData(customerId: string) {
  const [row] = await ctx.db.$queryRaw<{ members: number; orders: number; emails: string[] }[]>`
    SELECT (SELECT count(*)::int FROM members m JOIN shops s ON s.id = m.shop_id WHERE s.domain = ${SHOP} AND m.customer_id = ${customerId}) AS members,
      (SELECT count(*)::int FROM loyalty_orders o JOIN shops s ON s.id = o.shop_id WHERE s.domain = ${SHOP} AND o.customer_id = ${customerId}) AS orders,
      ARRAY(SELECT m.email FROM members m WHERE m.customer_id = ${customerId} AND m.email IS NOT NULL) AS emails`;
  return row;
}

const redaction = (customerId: string, orderIds: string[]) => ({ shopDomain: SHOP, customerId, orderIds, exceptEventId: 0n });

describe('events whose payload a customers/redact erased after they were read', () => {
  it('store nothing (orders and customer topics), while a live event in the same batch is applied', async () => {
    const erasedOrder = orderPayload({ id: 9501, customerId: 501, subtotal: '40.00', processedAt: new Date(), email: 'erika@example.com' });
    const liveOrder = orderPayload({ id: 9502, customerId: 502, subtotal: '25.00', processedAt: new Date(), email: 'max@example.com' });
    const customerUpdate = { id: 501, email: 'erika@example.com', first_name: 'Erika', last_name: 'Muster' };
    const paid = await stored('orders/paid', erasedOrder);
    const update = await stored('customers/update', customerUpdate);
    const live = await stored('orders/paid', liveOrder);

    // The payloads were read (the job claimed them); then the erasure drops them.
    expect(await redactCustomerFromInbox(ctx.db, redaction('501', ['9501']))).toBe(2);

    await Promise.all([run('orders/paid', erasedOrder, paid), run('orders/paid', liveOrder, live)]);
    await run('customers/update', customerUpdate, update);

    expect(await customerData('501')).toEqual({ members: 0, orders: 0, emails: [] });
    expect(await customerData('502')).toEqual({ members: 1, orders: 1, emails: ['max@example.com'] });
  });

  it('the inbox erasure waits for a handler holding the event (so the data erasure after it sees what the handler wrote), then drops the payload', async () => {
    const payload = orderPayload({ id: 9503, customerId: 503, subtotal: '10.00', processedAt: new Date() });
    const event = await stored('orders/paid', payload);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const applying = ctx.db.$transaction(
      async (tx) => {
        expect([...(await lockUnerasedEvents(prismaSqlClient(tx), [event.id]))]).toEqual([event.id]);
        held();
        await released;
      },
      { timeout: 30_000 },
    );
    await holding;

    const erasing = redactCustomerFromInbox(ctx.db, redaction('503', ['9503']));
    // The erasure's update waits on the handler's lock (seen by Postgres, not by a timer).
    await eventually(async () => {
      const rows = await ctx.db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE webhook_events%'`;
      return (rows[0]?.n ?? 0) > 0;
    });
    release();
    await applying;
    expect(await erasing).toBe(1);
    const [row] = await ctx.db.$queryRaw<{ payload: unknown }[]>`SELECT payload FROM webhook_events WHERE id = ${event.id}`;
    expect(row?.payload).toBeNull();
  });
});

describe('order events applied by the points engine', () => {
  const statusOf = async (id: bigint) => {
    const [row] = await ctx.db.$queryRaw<{ status: string; erased: boolean }[]>`
      SELECT status::text AS status, payload IS NULL AS erased FROM webhook_events WHERE id = ${id}`;
    return row;
  };

  it('are marked processed in the transaction that credits them, so they never run again after its commit', async () => {
    const payload = orderPayload({ id: 9511, customerId: 511, subtotal: '12.00', processedAt: new Date() });
    const event = await stored('orders/paid', payload);
    await run('orders/paid', payload, event);
    expect(await statusOf(event.id)).toEqual({ status: 'processed', erased: true });
    expect(await customerData('511')).toMatchObject({ members: 1, orders: 1 });
  });

  it('an event a shop/redact erased before it ran is closed by the run that leaves it out', async () => {
    const payload = orderPayload({ id: 9515, customerId: 515, subtotal: '8.00', processedAt: new Date() });
    const event = await stored('orders/paid', payload);
    // What eraseShop leaves: the payload dropped, the status as it was.
    await ctx.db.$executeRaw`UPDATE webhook_events SET payload = NULL WHERE id = ${event.id}`;
    await run('orders/paid', payload, event);
    expect(await statusOf(event.id)).toEqual({ status: 'processed', erased: true });
    expect(await customerData('515')).toMatchObject({ members: 0, orders: 0 });
  });

  it('the processed mark commits with the transaction or not at all, and leaves other statuses alone', async () => {
    const [waiting, failed] = await Promise.all(
      [9516, 9517].map((id) => stored('orders/paid', orderPayload({ id, customerId: id - 9000, subtotal: '5.00', processedAt: new Date() }))),
    );
    if (!waiting || !failed) throw new Error('not stored');
    await ctx.db.$executeRaw`UPDATE webhook_events SET status = 'failed' WHERE id = ${failed.id}`;
    const ids = [waiting.id, failed.id];

    await expect(
      sqlTransaction(poolOf(ctx.db), async (sql) => {
        await markEventsProcessed(sql, ids);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await statusOf(waiting.id)).toEqual({ status: 'received', erased: false });

    await sqlTransaction(poolOf(ctx.db), (sql) => markEventsProcessed(sql, ids));
    expect(await statusOf(waiting.id)).toEqual({ status: 'processed', erased: true });
    expect(await statusOf(failed.id)).toEqual({ status: 'failed', erased: false });
  });
});
