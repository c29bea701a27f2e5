import type { SqlClient } from '../db/sql-client.js';
import { Prisma } from '../generated/prisma/client.js';

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
