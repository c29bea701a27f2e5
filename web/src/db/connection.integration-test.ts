import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { appendLedgerEntry } from '../loyalty/ledger/repository.js';
import { enrollMember } from '../loyalty/members/repository.js';
import { ensureShop } from '../shops/repository.js';
import { createInboxPool } from '../webhooks/inbox.js';
import { createDb } from './client.js';

/**
 * A database whose own default time zone is not UTC (`ALTER DATABASE … SET timezone`): the app's connections still
 * run in UTC, so rows that take their time from `DEFAULT CURRENT_TIMESTAMP` hold UTC wall time like every other; and
 * whose default is `synchronous_commit = off`: the route's inbox inserts still wait for the WAL flush.
 */
let database: TestDatabase;

async function plainQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await plainQuery(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone = %L', current_database(), 'Europe/Berlin'); END $$`);
  // And commits that do not wait for the WAL flush, a common tuning tip.
  await plainQuery(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END $$`);
  // The settings are in force for a connection that does not ask otherwise: the tests below would see them.
  expect(await plainQuery('SHOW timezone')).toEqual([{ TimeZone: 'Europe/Berlin' }]);
  expect(await plainQuery('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'off' }]);
});

afterAll(async () => {
  await database?.drop();
});

describe('connections to a database whose default zone is Europe/Berlin', () => {
  it('store a ledger entry’s default created_at in UTC', async () => {
    const db = createDb(database.url);
    try {
      const shop = await ensureShop(db, 'utc-sessions.myshopify.com');
      const member = await enrollMember(db, shop.id, { customerId: '1', email: 'utc@example.com' });
      const [row] = await db.$transaction(async (tx) => {
        await appendLedgerEntry(tx, { shopId: shop.id, memberId: member.id, delta: 5, reason: 'manual_adjustment', idempotencyKey: 'utc' });
        // now() is the transaction's start, the same instant the insert's default took.
        return tx.$queryRaw<{ utc: boolean; zone: string }[]>`
          SELECT created_at = (now() AT TIME ZONE 'UTC')::timestamp(3) AS utc, current_setting('TimeZone') AS zone
          FROM ledger_entries WHERE shop_id = ${shop.id} AND idempotency_key = 'utc'`;
      });
      expect(row).toEqual({ utc: true, zone: 'UTC' });
    } finally {
      await db.$disconnect();
    }
  });

  it('run in UTC in the webhook inbox pool too, and the route\'s commits wait for the flush (durable before the 200)', async () => {
    for (const relaxedCommit of [false, true]) {
      const pool = createInboxPool(database.url, { relaxedCommit });
      try {
        const { rows } = await pool.query<{ zone: string; commit: string }>(
          `SELECT current_setting('TimeZone') AS zone, current_setting('synchronous_commit') AS commit`,
        );
        expect(rows).toEqual([{ zone: 'UTC', commit: relaxedCommit ? 'off' : 'on' }]);
      } finally {
        await pool.end();
      }
    }
  });
});
