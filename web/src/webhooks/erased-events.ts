import type { SqlClient } from '../db/sql-client.js';
import { Prisma } from '../generated/prisma/client.js';
import { NOW_UTC } from './inbox.js';

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
 * `lockUnerasedEvents` for a handler whose whole effect commits in its transaction (the points engine): the events
 * still waiting with their payload are marked processed in that transaction, locked in id order until it ends, and
 * returned. The mark commits with what the events wrote, or not at all: no window in which a crash between the
 * handler's commit and a later mark runs the events again, and no separate statement to mark them. An event already
 * processed (another job's run of it committed first) is left out like an erased one.
 */
export async function markEventsApplied(sql: SqlClient, ids: readonly bigint[]): Promise<Set<bigint>> {
  if (ids.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>(Prisma.sql`
    WITH waiting AS (
      SELECT id FROM webhook_events
      WHERE id = ANY(${ids.map(String)}::bigint[]) AND status = 'received' AND payload IS NOT NULL
      ORDER BY id FOR UPDATE
    )
    UPDATE webhook_events w
    SET status = 'processed', processed_at = ${Prisma.raw(NOW_UTC)}, payload = NULL, last_error = NULL, claimed_until = NULL
    FROM waiting WHERE w.id = waiting.id
    RETURNING w.id::text AS id`);
  return new Set(rows.map((r) => BigInt(r.id)));
}
