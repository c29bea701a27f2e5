import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { Prisma } from '../generated/prisma/client.js';
import { eventually } from '../webhooks/test-support.js';
import { createDb, poolOf, type Db } from './client.js';
import { sqlTransaction } from './sql-client.js';

/** Transactions on pg directly (the points engine's), on the pool Prisma runs on. */
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { poolSize: 3 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const one = () => sqlTransaction(poolOf(db), (sql) => sql.query<{ one: number }>(Prisma.sql`SELECT 1 AS one`));

describe('sqlTransaction', () => {
  it('a transaction whose connection ends (its backend terminated) fails without an uncaught error; the pool goes on', async () => {
    const running = sqlTransaction(poolOf(db), (sql) => sql.query(Prisma.sql`SELECT pg_sleep(20) AS slept`));
    await eventually(async () => {
      const rows = await db.$queryRaw<{ terminated: boolean }[]>`
        SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE '%pg_sleep(20)%' AND pid <> pg_backend_pid()`;
      return rows.some((r) => r.terminated);
    });
    await expect(running).rejects.toThrow(/terminat/i);
    // Three connections in the pool: each is used again, none is the terminated one.
    for (let i = 0; i < 4; i++) expect(await one()).toEqual([{ one: 1 }]);
  });

  it('rolls back what `work` wrote when it throws, and sends the settings with BEGIN', async () => {
    await db.$executeRaw`CREATE TABLE IF NOT EXISTS sql_client_probe (n int)`;
    await expect(
      sqlTransaction(poolOf(db), async (sql) => {
        await sql.query(Prisma.sql`INSERT INTO sql_client_probe VALUES (${1})`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM sql_client_probe`).toEqual([{ n: 0 }]);

    const settings = await sqlTransaction(
      poolOf(db),
      (sql) => sql.query<{ timeout: string; commit: string }>(Prisma.sql`SELECT current_setting('statement_timeout') AS timeout, current_setting('synchronous_commit') AS commit`),
      { statementTimeoutMs: 1500, relaxedCommit: true },
    );
    expect(settings).toEqual([{ timeout: '1500ms', commit: 'off' }]);
  });

  it('sends dates as UTC wall time and bigints as text, as Prisma does', async () => {
    const at = new Date('2026-12-07T01:02:03.456Z');
    const rows = await sqlTransaction(poolOf(db), (sql) =>
      sql.query<{ at: string; big: string; dates: string }>(
        Prisma.sql`SELECT ${at}::timestamp::text AS at, (${12345678901234567890n}::numeric + 1)::text AS big, (${[at, null]}::timestamp[])::text AS dates`,
      ),
    );
    expect(rows).toEqual([{ at: '2026-12-07 01:02:03.456', big: '12345678901234567891', dates: '{"2026-12-07 01:02:03.456",NULL}' }]);
  });
});
