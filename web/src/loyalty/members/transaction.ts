import type { Db, Tx } from '../../db/client.js';
import { databaseErrorFacts } from '../../db/errors.js';
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
  return (
    error instanceof RetryableConflict ||
    isUniqueViolation(error) ||
    code === 'P2034' ||
    kind === 'TransactionWriteConflict' ||
    originalCode === '40P01' ||
    originalCode === '40001'
  );
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
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: options.maxWait ?? 10_000, timeout: options.timeout ?? 30_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}
