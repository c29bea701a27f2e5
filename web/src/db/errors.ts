/**
 * What a database error says of itself, however it arrived: thrown by `pg` directly (`code` is the SQLSTATE) or
 * wrapped by Prisma's driver adapter (`code` is Prisma's own, e.g. `P2002`; Postgres' SQLSTATE and the adapter's
 * kind of failure are in `meta.driverAdapterError.cause`).
 */
export interface DatabaseErrorFacts {
  /** `pg`'s SQLSTATE, or Prisma's error code. */
  code?: string;
  /** Postgres' SQLSTATE of an error that came through the driver adapter. */
  originalCode?: string;
  /** The driver adapter's kind of failure (e.g. `TransactionWriteConflict`). */
  kind?: string;
}

export function databaseErrorFacts(error: unknown): DatabaseErrorFacts {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } } | null;
  const cause = e?.meta?.driverAdapterError?.cause;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { code: text(e?.code), originalCode: text(cause?.originalCode), kind: text(cause?.kind) };
}

/**
 * A Postgres data exception (SQLSTATE class 22: a value out of range, such as a balance beyond int4): the same work
 * fails the same way on every retry.
 */
export function isDataException(error: unknown): boolean {
  const { code, originalCode } = databaseErrorFacts(error);
  const sqlState = originalCode ?? code;
  return sqlState !== undefined && /^22[0-9A-Z]{3}$/.test(sqlState);
}
