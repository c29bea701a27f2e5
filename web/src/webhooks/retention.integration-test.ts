import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { pruneProcessedEvents } from './retention.js';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const DAY = 86_400_000;

/** An inbox row received `daysAgo` days ago, in `status`. */
async function inboxRow(key: string, status: 'received' | 'processed' | 'failed', daysAgo: number): Promise<void> {
  const receivedAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  await db.$executeRaw`
    INSERT INTO webhook_events (shop_domain, event_key, webhook_id, topic, api_version, payload, status, received_at)
    VALUES ('retention.myshopify.com', ${key}, ${key}, 'orders/paid', '2026-10',
      CASE WHEN ${status} = 'processed' THEN NULL ELSE '{"id": 1}'::jsonb END, ${status}::webhook_status, ${receivedAt}::timestamp)`;
}

const keys = async () =>
  (await db.$queryRaw<{ key: string }[]>`SELECT event_key AS key FROM webhook_events ORDER BY event_key`).map((r) => r.key);

describe('pruneProcessedEvents', () => {
  it('deletes processed rows received before the cutoff, oldest first and at most the limit; keeps the rest', async () => {
    await inboxRow('a-old-processed', 'processed', 30);
    await inboxRow('b-old-processed', 'processed', 20);
    await inboxRow('c-old-processed', 'processed', 10);
    await inboxRow('d-old-received', 'received', 30);
    await inboxRow('e-old-failed', 'failed', 30);
    await inboxRow('f-new-processed', 'processed', 1);
    const cutoff = new Date(Date.now() - 7 * DAY);

    expect(await pruneProcessedEvents(db, cutoff, 2)).toBe(2);
    expect(await keys()).toEqual(['c-old-processed', 'd-old-received', 'e-old-failed', 'f-new-processed']);
    expect(await pruneProcessedEvents(db, cutoff, 2)).toBe(1);
    expect(await pruneProcessedEvents(db, cutoff, 2)).toBe(0);
    // Waiting and failed events stay whatever their age (the sweeper's and an operator's); recent ones for dedupe.
    expect(await keys()).toEqual(['d-old-received', 'e-old-failed', 'f-new-processed']);
  });
});
