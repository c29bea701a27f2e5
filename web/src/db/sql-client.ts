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

export function pgSqlClient(client: pg.ClientBase): SqlClient {
  return {
    async query<T>(sql: Prisma.Sql): Promise<T[]> {
      // Unnamed, so planned for each call's values: a named statement's generic plan, made once from the statistics
      // of the moment, turned a benchmark run's settling into scans of every order of the shop (10 s instead of 1).
      const result = await client.query({ text: sql.text, values: sql.values.map(pgValue) });
      return result.rows as T[];
    },
  };
}

export interface SqlTransactionOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`): only for work that runs again, with the
   * same result, when a database crash loses the commit (see the points engine's `applyOrderEvents`).
   * @defaultValue false
   */
  relaxedCommit?: boolean;
  /** Longest a statement may run, row-lock waits included. @defaultValue 30000 ms (`DEFAULT_STATEMENT_TIMEOUT_MS`) */
  statementTimeoutMs?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * `work` in one transaction on a connection of `pool`, committed, or rolled back when it throws (the error is
 * rethrown). The transaction's settings go with BEGIN in one round trip. A connection that failed (its server went
 * away, BEGIN or ROLLBACK failed) is closed instead of going back to the pool.
 */
export async function sqlTransaction<T>(pool: pg.Pool, work: (sql: SqlClient) => Promise<T>, options: SqlTransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // pg emits 'error' on a checked-out client whose connection ends (a Postgres restart, a terminated backend), also
  // while a query runs: without a listener that is an uncaught exception that ends the process. The query in flight
  // fails on its own.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    const timeoutMs = options.statementTimeoutMs;
    const settings = [
      `SET LOCAL statement_timeout = ${timeoutMs !== undefined && Number.isFinite(timeoutMs) ? Math.max(1, Math.floor(timeoutMs)) : DEFAULT_STATEMENT_TIMEOUT_MS}`,
      ...(options.relaxedCommit ? ['SET LOCAL synchronous_commit = off'] : []),
    ];
    try {
      await client.query(['BEGIN', ...settings].join('; '));
    } catch (error) {
      broken = asError(error);
      throw error;
    }
    try {
      const result = await work(pgSqlClient(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = asError(rollbackError);
      });
      throw error;
    }
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
