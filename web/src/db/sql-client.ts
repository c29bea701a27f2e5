import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';
import type { Tx } from './client.js';

/**
 * Runs statements built with `Prisma.sql` inside a transaction, whichever driver holds it: a Prisma interactive
 * transaction, or a pg connection of the same pool (the points engine's hot path, see `sqlTransaction`). Rows come
 * back as the driver returns them; statements meant for both read only types the two agree on (json, text, int4,
 * boolean), casting what they select accordingly.
 */
export interface SqlClient {
  query<T>(sql: Prisma.Sql): Promise<T[]>;
}

export function prismaSqlClient(tx: Tx): SqlClient {
  return { query: <T>(sql: Prisma.Sql) => tx.$queryRaw<T[]>(sql) };
}

/** Parameters as Prisma sends them: dates as UTC ISO text (a `timestamp` column keeps the UTC wall time), bigints as text. */
function pgValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(pgValue);
  return value;
}

/**
 * Statement texts get a name (a named prepared statement: parsed and planned once per connection, not per call) up to
 * this many distinct texts per process; any further text runs unnamed, so that a statement whose text varied without
 * bound could not fill every connection with prepared statements.
 */
const MAX_NAMED_STATEMENTS = 200;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `loyale_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
  statementNames.set(text, name);
  return name;
}

export function pgSqlClient(client: pg.ClientBase): SqlClient {
  return {
    async query<T>(sql: Prisma.Sql): Promise<T[]> {
      const name = statementName(sql.text);
      const result = await client.query({ ...(name ? { name } : {}), text: sql.text, values: sql.values.map(pgValue) });
      return result.rows as T[];
    },
  };
}

export interface SqlTransactionOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`): only for work whose effect a later,
   * durable statement confirms (see `relaxCommitDurability` of the points engine).
   * @defaultValue false
   */
  relaxedCommit?: boolean;
  /** Longest a statement may run, row-lock waits included. @defaultValue 30000 ms */
  statementTimeoutMs?: number;
}

/**
 * `work` in one transaction on a connection of `pool`, committed, or rolled back when it throws (the error is
 * rethrown). The transaction's settings go with BEGIN in one round trip.
 */
export async function sqlTransaction<T>(pool: pg.Pool, work: (sql: SqlClient) => Promise<T>, options: SqlTransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const settings = [
      `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs ?? 30_000))}`,
      ...(options.relaxedCommit ? ['SET LOCAL synchronous_commit = off'] : []),
    ];
    await client.query(['BEGIN', ...settings].join('; '));
    try {
      const result = await work(pgSqlClient(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A connection that cannot roll back is not given back to the pool for reuse.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
