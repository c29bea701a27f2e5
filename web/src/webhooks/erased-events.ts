import type { SqlClient } from '../db/sql-client.js';
import { Prisma } from '../generated/prisma/client.js';
import { PROCESSED_SET } from './inbox.js';

/**
 * Of the inbox events `ids`, those whose payload is still there, locked (FOR SHARE, in id order) until the
 * transaction ends. A handler that writes what a payload says about a customer calls it first in its transaction:
 * a `customers/redact` that erased the payload meanwhile (the erasure drops the customer's payloads before it deletes
 * their data) leaves the event out, and one that comes later waits for this transaction and then erases what it
 * wrote. Without it, an event whose payload was read before the erasure re-created the customer's data after it.
 */
export async function lockUnerasedEvents(sql: SqlClient, ids: readonly bigint[]): Promise<Set<bigint>> {
  if (ids.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>(Prisma.sql`
    SELECT id::text AS id FROM webhook_events WHERE id = ANY(${ids.map(String)}::bigint[]) AND payload IS NOT NULL ORDER BY id FOR SHARE`);
  return new Set(rows.map((r) => BigInt(r.id)));
}

/**
 * For a handler whose whole effect commits in its transaction (the points engine): marks the events `ids` processed
 * in that transaction, those it applied (locked by `lockUnerasedEvents`) and any whose payload an erasure dropped
 * meanwhile, which leave nothing to apply. The mark commits with what the events wrote or not at all, so the worker
 * has nothing to mark after the commit. Run it last: the update writes a new version of each row's key into the
 * inbox's unique index, and a duplicate delivery of the same event, inserted meanwhile, waits for the transaction
 * holding it; last, that wait lasts only this statement and the commit.
 */
export async function markEventsProcessed(sql: SqlClient, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(Prisma.sql`
    UPDATE webhook_events SET ${Prisma.raw(PROCESSED_SET)} WHERE id = ANY(${ids.map(String)}::bigint[]) AND status = 'received'`);
}
