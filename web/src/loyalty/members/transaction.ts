import { poolOf, type Db, type Tx } from '../../db/client.js';
import { databaseErrorFacts } from '../../db/errors.js';
import { sqlTransaction, type SqlClient, type SqlTransactionOptions } from '../../db/sql-client.js';
import { isUniqueViolation } from '../ledger/repository.js';

export interface MemberTransactionOptions {
  /** Attempts in all before the error is rethrown. @defaultValue 5 */
  attempts?: number;
  /** Milliseconds to wait for a pool connection. @defaultValue 10000 */
  maxWait?: number;
  /** Milliseconds the transaction may run (row-lock waits included). @defaultValue 30000 */
  timeout?: number;
}

/** Thrown inside a member transaction when it saw a concurrent change that needs the whole unit rerun. */
export class RetryableConflict extends Error {
  override name = 'RetryableConflict';
}

/** A deadlock, a serialization failure or a unique violation from a concurrent duplicate: the whole unit may rerun. */
export function isRetryableConflict(error: unknown): boolean {
  const { code, originalCode, kind } = databaseErrorFacts(error);
  const sqlState = originalCode ?? code;
  return (
    error instanceof RetryableConflict ||
    isUniqueViolation(error) ||
    code === 'P2034' ||
    kind === 'TransactionWriteConflict' ||
    sqlState === '40P01' ||
    sqlState === '40001'
  );
}

/** Runs `unit` and reruns it on a retryable conflict, up to `attempts` runs in all. */
async function rerunOnConflict<T>(attempts: number, unit: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unit();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}

/**
 * Runs `work` in one transaction and reruns it whole on a retryable conflict. Everything the points engine writes
 * is idempotent per fact, so a rerun books exactly what is still missing.
 */
export async function memberTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: MemberTransactionOptions = {},
): Promise<T> {
  const settings = { maxWait: options.maxWait ?? 10_000, timeout: options.timeout ?? 30_000 };
  return rerunOnConflict(options.attempts ?? 5, () => db.$transaction(work, settings));
}

export interface MemberSqlTransactionOptions extends SqlTransactionOptions {
  /** Attempts in all before the error is rethrown. @defaultValue 5 */
  attempts?: number;
}

/**
 * `memberTransaction` on a pg connection of `db`'s pool rather than through Prisma, for the points engine's hot path:
 * its statements (built with `Prisma.sql`) run without Prisma's per-query and per-parameter work in Node (in the
 * benchmark, about a sixth of the worker's CPU), and the transaction's settings go with its BEGIN.
 */
export async function memberSqlTransaction<T>(
  db: Db,
  work: (sql: SqlClient) => Promise<T>,
  options: MemberSqlTransactionOptions = {},
): Promise<T> {
  return rerunOnConflict(options.attempts ?? 5, () => sqlTransaction(poolOf(db), work, options));
}
