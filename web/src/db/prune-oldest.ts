import { Prisma } from '../generated/prisma/client.js';
import type { Db } from './client.js';

/** Rows of a table that a retention job deletes once they are done with and old. */
export interface PrunableRows {
  /** The table (a constant of the code, never input). Its primary key `id` grows with `at`. */
  table: string;
  /** The timestamp column (without time zone, UTC) a row's age is measured on. */
  at: string;
  /** Which rows may go once old: a condition on the table's columns (finished ones). */
  done: Prisma.Sql;
}

/**
 * Deletes up to `limit` rows that are done and whose `at` is before `before`, oldest first; returns how many.
 *
 * Needs no index on `at` (one would cost every insert, and every update that is not HOT, an index write): it looks at
 * the `limit` oldest done rows by primary key and deletes those past the bound. Ids grow with `at`, so when that
 * window holds a recent row, every later done row is recent too: a statement reads at most `limit` done rows plus the
 * rows that are not done and lie between them (few: those that wait or were kept for an operator), however large
 * the table or the backlog. A backlog goes a batch per statement, each a short transaction of its own.
 */
export async function pruneOldest(db: Db, rows: PrunableRows, before: Date, limit: number): Promise<number> {
  const table = Prisma.raw(rows.table);
  return db.$executeRaw`
    DELETE FROM ${table} WHERE id IN (
      SELECT id FROM (SELECT id, ${Prisma.raw(rows.at)} AS at FROM ${table} WHERE ${rows.done} ORDER BY id LIMIT ${limit}) oldest
      WHERE at < ${before.toISOString()}::timestamp)`;
}
