import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createInboxPool, type InboxPool, type NewInboxEvent } from './inbox.js';
import { createInboxWriter } from './inbox-writer.js';

let database: TestDatabase;
let pool: InboxPool;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createInboxPool(database.url);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await pool?.end();
  await database?.drop();
});

function event(eventKey: string = randomUUID(), payload: unknown = { id: 1 }, shopDomain = 'writer.myshopify.com'): NewInboxEvent {
  return {
    shopDomain,
    eventKey,
    webhookId: randomUUID(),
    topic: 'orders/paid',
    apiVersion: '2026-10',
    triggeredAt: '2026-11-23T10:00:00.000Z',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  };
}

async function rows(eventKeys: string[]): Promise<{ id: string; event_key: string; payload: unknown }[]> {
  const result = await client.query<{ id: string; event_key: string; payload: unknown }>(
    'SELECT id, event_key, payload FROM webhook_events WHERE event_key = ANY($1::text[]) ORDER BY id',
    [eventKeys],
  );
  return result.rows;
}

/** Records how many statements reach the pool, to see groups actually form. */
function countingPool(inner: InboxPool): { pool: InboxPool; queries: () => number } {
  let queries = 0;
  const counted = Object.create(inner) as InboxPool;
  counted.query = ((...args: Parameters<InboxPool['query']>) => {
    queries += 1;
    return (inner.query as (...a: unknown[]) => unknown)(...args);
  }) as InboxPool['query'];
  return { pool: counted, queries: () => queries };
}

describe('the inbox group commit', () => {
  it('stores concurrent deliveries in one statement, each answered with its own row id', async () => {
    const counting = countingPool(pool);
    const writer = createInboxWriter(counting.pool, { maxInFlight: 1 });
    const events = Array.from({ length: 20 }, () => event());
    const ids = await Promise.all(events.map((e) => writer.insert(e)));
    expect(counting.queries()).toBe(1);
    const stored = await rows(events.map((e) => e.eventKey));
    expect(stored).toHaveLength(20);
    for (const [i, e] of events.entries()) {
      expect(ids[i]).toBe(stored.find((r) => r.event_key === e.eventKey)?.id);
    }
  });

  it('answers null for a key stored before, and for a key repeated within one group, storing it once', async () => {
    const writer = createInboxWriter(pool, { maxInFlight: 1 });
    const earlier = event();
    const first = await writer.insert(earlier);
    expect(first).not.toBeNull();

    const repeated = randomUUID();
    const [again, a, b, c] = await Promise.all([
      writer.insert(event(earlier.eventKey)),
      writer.insert(event(repeated, { copy: 1 })),
      writer.insert(event(repeated, { copy: 2 })),
      writer.insert(event(repeated, { copy: 3 })),
    ]);
    expect(again).toBeNull();
    expect([a, b, c].filter((id) => id !== null)).toHaveLength(1);
    expect(a).not.toBeNull(); // the first of the group is the one stored
    const stored = await rows([earlier.eventKey, repeated]);
    expect(stored).toHaveLength(2);
    expect(stored.find((r) => r.event_key === repeated)?.payload).toEqual({ copy: 1 });
  });

  it('keys duplicates per shop: the same event key of another shop is a delivery of its own', async () => {
    const writer = createInboxWriter(pool);
    const key = randomUUID();
    const [x, y] = await Promise.all([
      writer.insert(event(key, {}, 'one.myshopify.com')),
      writer.insert(event(key, {}, 'two.myshopify.com')),
    ]);
    expect(x).not.toBeNull();
    expect(y).not.toBeNull();
    expect(x).not.toBe(y);
  });

  it('splits large groups at maxBatch', async () => {
    const counting = countingPool(pool);
    const writer = createInboxWriter(counting.pool, { maxBatch: 8, maxInFlight: 1 });
    const events = Array.from({ length: 20 }, () => event());
    const ids = await Promise.all(events.map((e) => writer.insert(e)));
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(counting.queries()).toBe(3);
  });

  it('retries a failing group row by row: a payload jsonb refuses is cleaned, the others are stored as they are', async () => {
    const writer = createInboxWriter(pool, { maxInFlight: 1 });
    const good = [event(), event()];
    // Valid JSON, but Postgres' jsonb refuses \u0000: the whole multi-row INSERT fails.
    const unstorable = event(randomUUID(), '{"note":"a\\u0000b"}');
    const ids = await Promise.all([writer.insert(good[0]!), writer.insert(unstorable), writer.insert(good[1]!)]);
    expect(ids.every((id) => id !== null)).toBe(true);
    const stored = await rows([...good.map((e) => e.eventKey), unstorable.eventKey]);
    expect(stored).toHaveLength(3);
    expect(stored.find((r) => r.event_key === unstorable.eventKey)?.payload).toEqual({ note: 'ab' });
  });

  it('fails every request of a group that cannot be stored, duplicates within it included (no 200 for a lost row)', async () => {
    const broken = createInboxPool('postgresql://postgres@127.0.0.1:5432/loyale_no_such_database');
    try {
      const writer = createInboxWriter(broken, { maxInFlight: 1 });
      const key = randomUUID();
      const results = await Promise.allSettled([writer.insert(event(key)), writer.insert(event(key)), writer.insert(event())]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    } finally {
      await broken.end();
    }
  });

  it('drain waits for every insert handed in', async () => {
    const writer = createInboxWriter(pool, { maxInFlight: 1, maxBatch: 4 });
    const events = Array.from({ length: 10 }, () => event());
    const settled: (string | null)[] = [];
    for (const e of events) void writer.insert(e).then((id) => settled.push(id));
    await writer.drain();
    await Promise.resolve();
    expect(settled).toHaveLength(10);
    expect(await rows(events.map((e) => e.eventKey))).toHaveLength(10);
  });
});
