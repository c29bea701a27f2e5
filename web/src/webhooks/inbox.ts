import pg from 'pg';
import { lowerBackendPriority } from '../db/backend-priority.js';
import { pgConnection } from '../db/connection.js';

/**
 * The webhook inbox (`webhook_events`): every accepted delivery is a row before the 200 is sent; the row id is
 * carried by a BullMQ job (with others of its batch); a processed row loses its payload (personal data) but stays for de-duplication.
 *
 * Raw SQL on its own small `pg` pool rather than Prisma: the insert is the whole hot path of `POST /api/webhooks`
 * (one statement, no extra round trip), and Prisma's per-query overhead costs a quarter of the throughput there.
 * Timestamps are written as UTC, as Prisma reads `timestamp` columns.
 */
export type InboxPool = pg.Pool;

export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Postgres refused the JSON text as jsonb for a character in it: a NUL, a lone surrogate. Cleaning them helps. */
const UNSTORABLE_CHARACTERS = new Set(['22P02', '22P05', '22021']);
/** Any refusal of the JSON text as jsonb: those characters, a number beyond `numeric` (22003: `1e1000000`), nesting
 * deeper than jsonb's parser goes (54001: thousands of levels). */
const UNSTORABLE_JSON = new Set([...UNSTORABLE_CHARACTERS, '22003', '54001']);

/** The inbox columns an insert writes, in `eventValues` order (received_at comes from the database). */
export const INSERT_COLUMNS = 'shop_domain, event_key, webhook_id, topic, api_version, triggered_at, payload, received_at';

/** SQL of one row's values, its parameters numbered from `first` (see `eventValues`). */
export function insertRowSql(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, (${p(5)}::timestamptz AT TIME ZONE 'UTC'), ${p(6)}::jsonb, ${NOW_UTC})`;
}

/** The parameters of one row, as `insertRowSql` numbers them. */
export function eventValues(event: NewInboxEvent, payload = event.payload): (string | null)[] {
  return [event.shopDomain, event.eventKey, event.webhookId, event.topic, event.apiVersion, event.triggeredAt, payload];
}

export interface InboxPoolOptions {
  /** Connections of the inbox pool. @defaultValue 10 */
  max?: number;
  /**
   * Commits without waiting for the WAL flush (`synchronous_commit = off`): only for the worker's bookkeeping (claims,
   * processed marks), never for the route's inserts, which must be durable before the 200. Losing the last moments of
   * such commits in a database crash loses nothing: the WAL is one sequence, so a lost mark means everything after it
   * is lost too, and the event simply waits in the inbox again. Fewer flushes leave the WAL to the route's commits.
   * Otherwise the pool pins `synchronous_commit = on`, whatever the server, database or role default to (turning it
   * off is a common tuning tip), so a 200 never answers a commit a database crash could still lose.
   * @defaultValue false
   */
  relaxedCommit?: boolean;
  /** Nice value for the connections' Postgres backends (see `lowerBackendPriority`). @defaultValue unset */
  backendNiceness?: number;
}

export function createInboxPool(databaseUrl: string, options: InboxPoolOptions = {}): InboxPool {
  const onConnect = options.backendNiceness ? lowerBackendPriority(databaseUrl, options.backendNiceness) : undefined;
  const pool = new pg.Pool({
    ...pgConnection(databaseUrl, `-c synchronous_commit=${options.relaxedCommit ? 'off' : 'on'}`),
    max: options.max ?? 10,
    ...(onConnect ? { onConnect } : {}),
  });
  // An idle client's error (Postgres restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

export interface NewInboxEvent {
  shopDomain: string;
  eventKey: string;
  webhookId: string;
  topic: string;
  apiVersion: string;
  /** X-Shopify-Triggered-At as an ISO timestamp, when it parsed. */
  triggeredAt: string | null;
  /**
   * The body as received: JSON text of any value (the topic's handler refuses what it cannot use). Stored as jsonb,
   * which holds scalars and arrays as well; a body `null` is the jsonb value null, never the SQL NULL of an erased
   * payload (see `ClaimedEvent.erased`).
   */
  payload: string;
}

const INSERT_EVENT = `
  INSERT INTO webhook_events (${INSERT_COLUMNS}) VALUES ${insertRowSql(1)}
  ON CONFLICT (shop_domain, event_key) DO NOTHING
  RETURNING id`;

/**
 * Stores a delivery; returns its row id, or null when the (shop, event key) was seen before (a duplicate).
 * When the resolved promise is returned the row is committed (autocommit). The route stores through the group
 * commit of inbox-writer.ts, which falls back to this for a group that failed.
 */
export async function insertEvent(pool: InboxPool, event: NewInboxEvent): Promise<string | null> {
  try {
    return await insertPayload(pool, event, event.payload);
  } catch (error) {
    // Signed JSON is accepted (the contract's 200) even where jsonb cannot hold it (rare; kept off the hot path):
    // cleaned of NULs and lone surrogates when those were the trouble, else kept whole as a JSON string of its text,
    // which no topic handler takes for a payload, so the event fails with a reason instead of the delivery failing
    // forever.
    if (!UNSTORABLE_JSON.has(sqlState(error))) throw error;
    const cleaned = UNSTORABLE_CHARACTERS.has(sqlState(error)) ? storableJson(event.payload) : null;
    if (cleaned !== null) {
      try {
        return await insertPayload(pool, event, cleaned);
      } catch (again) {
        if (!UNSTORABLE_JSON.has(sqlState(again))) throw again;
      }
    }
    return insertPayload(pool, event, JSON.stringify(event.payload));
  }
}

async function insertPayload(pool: InboxPool, event: NewInboxEvent, payload: string): Promise<string | null> {
  const result = await pool.query<{ id: string }>(INSERT_EVENT, eventValues(event, payload));
  return result.rows[0]?.id ?? null;
}

const sqlState = (error: unknown) => (error as { code?: string }).code ?? '';

function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '').toWellFormed();
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('a number beyond what JSON writes back');
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k) as string, storable(v)]));
  }
  return value;
}

/** The JSON without NULs and lone surrogates; null when that cannot be written without changing more (a number
 * beyond a double, nesting deeper than this process's stack). */
export function storableJson(json: string): string | null {
  try {
    return JSON.stringify(storable(JSON.parse(json)));
  } catch {
    return null;
  }
}

/** A stored payload as the worker reads it. */
export interface StoredPayload {
  /** The JSON value, as parsed (`null` both for an erased payload and for a body that was JSON `null`). */
  payload: unknown;
  /**
   * The payload was erased (SQL NULL: shop/redact, customers/redact) before the event was processed. Not the same
   * as a body that was JSON `null` (the jsonb value null), which is handed to the topic's handler like any payload.
   */
  erased: boolean;
}

export interface ClaimedEvent extends StoredPayload {
  id: string;
  shopDomain: string;
  topic: string;
  eventKey: string;
  /** Processing attempts so far, this one included. */
  attempts: number;
  /** How long ago the delivery was accepted (by the database's clock, as claims and sweeps go). */
  ageMs: number;
}

/**
 * Starts an attempt at those of `ids` that still wait to be processed and that no other worker holds: counts the
 * attempt and claims each for `leaseMs` (a claim of a worker that died expires). Events processed, failed for good,
 * gone or claimed meanwhile are left out, so a re-delivered or re-swept job does nothing for them. In id order.
 */
export async function claimEvents(pool: InboxPool, ids: readonly string[], leaseMs: number): Promise<ClaimedEvent[]> {
  const { rows } = await pool.query<{
    id: string;
    shop_domain: string;
    topic: string;
    event_key: string;
    payload: unknown;
    erased: boolean;
    attempts: number;
    age_ms: number;
  }>(
    `UPDATE webhook_events SET attempts = attempts + 1, claimed_until = ${NOW_UTC} + $2::float8 * interval '1 millisecond'
     WHERE id = ANY($1::bigint[]) AND status = 'received' AND (claimed_until IS NULL OR claimed_until < ${NOW_UTC})
     RETURNING id, shop_domain, topic, event_key, payload, payload IS NULL AS erased, attempts,
       (extract(epoch FROM ${NOW_UTC} - received_at) * 1000)::float8 AS age_ms`,
    [ids, leaseMs],
  );
  return rows
    .map((row) => ({
      id: row.id,
      shopDomain: row.shop_domain,
      topic: row.topic,
      eventKey: row.event_key,
      payload: row.payload,
      erased: row.erased,
      attempts: row.attempts,
      ageMs: row.age_ms,
    }))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * The payloads of claimed events that still wait to be processed, read again (an erasure that ran meanwhile may
 * have dropped a payload or closed the event). Events missing from the map were closed.
 */
export async function reloadPayloads(pool: InboxPool, ids: readonly string[]): Promise<Map<string, StoredPayload>> {
  const { rows } = await pool.query<{ id: string; payload: unknown; erased: boolean }>(
    `SELECT id, payload, payload IS NULL AS erased FROM webhook_events WHERE id = ANY($1::bigint[]) AND status = 'received'`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { payload: row.payload, erased: row.erased }]));
}

/**
 * What marking an event processed sets: the payload goes (it holds personal data), the row stays so a re-delivery is
 * recognised. Applied only to events still waiting (an erasure may have closed one meanwhile): see `markProcessed`
 * and the points engine's `markEventsProcessed`.
 */
export const PROCESSED_SET = `status = 'processed', processed_at = ${NOW_UTC}, payload = NULL, last_error = NULL, claimed_until = NULL`;

/** Done, in one statement for a batch (see PROCESSED_SET). */
export async function markProcessed(pool: InboxPool, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(`UPDATE webhook_events SET ${PROCESSED_SET} WHERE id = ANY($1::bigint[]) AND status = 'received'`, [ids]);
}

/**
 * Failed for good (a payload the handlers refuse): never retried again. The payload stays so that an operator can
 * replay the event after a fix (`UPDATE webhook_events SET status = 'received' WHERE id = ...`); compliance
 * erasure still clears it.
 */
export async function markFailed(pool: InboxPool, id: string, error: string): Promise<void> {
  await pool.query(
    `UPDATE webhook_events SET status = 'failed', last_error = $2, claimed_until = NULL WHERE id = $1 AND status = 'received'`,
    [id, error],
  );
}

/**
 * A transient failure: recorded for operators; the event is retried by its job's BullMQ retry, so it counts as
 * handed over now (the sweeper leaves it alone for a while instead of adding another job beside that retry).
 */
export async function recordError(pool: InboxPool, id: string, error: string): Promise<void> {
  await pool.query(`UPDATE webhook_events SET last_error = $2, enqueued_at = ${NOW_UTC} WHERE id = $1`, [id, error]);
}

/** Ends the claims on events that still wait (to be retried): the next job carrying them may run them at once. */
export async function releaseClaims(pool: InboxPool, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(
    `UPDATE webhook_events SET claimed_until = NULL WHERE id = ANY($1::bigint[]) AND status = 'received'`,
    [ids],
  );
}

/**
 * Events still waiting to be processed whose last hand-over to the queue (or, never handed over, whose arrival)
 * is older than `olderThanMs`: never enqueued (Redis down, process killed before the enqueue) or lost from Redis.
 * Oldest first.
 */
export async function findStrandedEvents(pool: InboxPool, olderThanMs: number, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM webhook_events
     WHERE status = 'received'
       AND received_at < ${NOW_UTC} - $1::float8 * interval '1 millisecond'
       AND (enqueued_at IS NULL OR enqueued_at < ${NOW_UTC} - $1::float8 * interval '1 millisecond')
       AND (claimed_until IS NULL OR claimed_until < ${NOW_UTC})
     ORDER BY received_at
     LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows.map((row) => row.id);
}

/** Records a hand-over to the queue by the sweeper, so the same event is not re-added before `sweepAfterMs`. */
export async function markEnqueued(pool: InboxPool, ids: string[]): Promise<void> {
  await pool.query(`UPDATE webhook_events SET enqueued_at = ${NOW_UTC} WHERE id = ANY($1::bigint[])`, [ids]);
}
