import { eventValues, INSERT_COLUMNS, insertEvent, insertRowSql, type InboxPool, type NewInboxEvent } from './inbox.js';

export interface InboxWriterOptions {
  /** Rows per INSERT at most. @defaultValue 64 */
  maxBatch?: number;
  /**
   * INSERTs in flight at once. While all are busy, arriving rows wait and form the next group, so groups grow with
   * the load and a lone request goes at once. Keep it below the pool size (the rest of the pool serves the fallback).
   * @defaultValue 4
   */
  maxInFlight?: number;
}

/** Group commit into the webhook inbox. */
export interface InboxWriter {
  /**
   * Stores a delivery like `insertEvent`: resolves with its row id, or null for a duplicate (a (shop, event key)
   * stored before, or earlier in the same group), once the row that holds it is committed; rejects if it could not
   * be stored.
   */
  insert(event: NewInboxEvent): Promise<string | null>;
  /** Resolves once every insert handed in so far has settled. */
  drain(): Promise<void>;
}

interface Waiting {
  event: NewInboxEvent;
  resolve(id: string | null): void;
  reject(error: unknown): void;
}

const keyOf = (shopDomain: string, eventKey: string) => `${shopDomain}\n${eventKey}`;

/** One multi-row statement per group size, prepared once per connection (the name carries the size). */
const statements = new Map<number, { name: string; text: string }>();
function statement(rows: number): { name: string; text: string } {
  let found = statements.get(rows);
  if (!found) {
    const values = Array.from({ length: rows }, (_, i) => insertRowSql(1 + i * 7)).join(', ');
    found = {
      name: `loyale-inbox-insert-${rows}`,
      text: `INSERT INTO webhook_events (${INSERT_COLUMNS}) VALUES ${values}
        ON CONFLICT (shop_domain, event_key) DO NOTHING RETURNING id, shop_domain, event_key`,
    };
    statements.set(rows, found);
  }
  return found;
}

/**
 * Group commit: the rows of concurrent requests go to Postgres in one multi-row `INSERT … ON CONFLICT DO NOTHING`
 * (one round trip, one commit, one WAL flush for the group instead of one each), the main cost of accepting a webhook
 * at high rates. Each request is answered only after its group committed, so "stored before the 200" holds as with
 * single inserts (autocommit; `synchronous_commit` stays as configured: an accepted event must survive a crash).
 *
 * De-duplication stays exact: a key already stored comes back without a row (null); a key repeated within a group is
 * inserted once, and the later requests get null when that insert commits (or its error if it fails: no duplicate
 * is ever answered 200 for a row that was not stored). A group that fails as a whole (one payload jsonb refuses, a
 * lost connection) is retried row by row with `insertEvent`, so one bad delivery fails only its own request.
 */
export function createInboxWriter(pool: InboxPool, options: InboxWriterOptions = {}): InboxWriter {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 4;
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;
  const settled = new Set<Promise<void>>();

  async function writeGroup(group: Waiting[]): Promise<void> {
    // The first request of each key writes; later ones of the same group follow its outcome as duplicates.
    const writers = new Map<string, Waiting>();
    const followers: { of: string; waiting: Waiting }[] = [];
    for (const w of group) {
      const key = keyOf(w.event.shopDomain, w.event.eventKey);
      if (writers.has(key)) followers.push({ of: key, waiting: w });
      else writers.set(key, w);
    }
    const outcome = new Map<string, { id: string | null } | { error: unknown }>();
    const rows = [...writers.values()];
    try {
      const { name, text } = statement(rows.length);
      const result = await pool.query<{ id: string; shop_domain: string; event_key: string }>({
        name,
        text,
        values: rows.flatMap((w) => eventValues(w.event)),
      });
      const ids = new Map(result.rows.map((r) => [keyOf(r.shop_domain, r.event_key), r.id]));
      for (const key of writers.keys()) outcome.set(key, { id: ids.get(key) ?? null });
    } catch {
      // Row by row: a payload that must be cleaned first gets cleaned, a real failure fails only its row.
      await Promise.all(
        [...writers].map(async ([key, w]) => {
          try {
            outcome.set(key, { id: await insertEvent(pool, w.event) });
          } catch (error) {
            outcome.set(key, { error });
          }
        }),
      );
    }
    for (const [key, w] of writers) settle(w, outcome.get(key), false);
    for (const { of, waiting: w } of followers) settle(w, outcome.get(of), true);
  }

  function settle(w: Waiting, result: { id: string | null } | { error: unknown } | undefined, duplicate: boolean): void {
    if (!result) w.reject(new Error('inbox group lost a row'));
    else if ('error' in result) w.reject(result.error);
    else w.resolve(duplicate ? null : result.id);
  }

  function flush(): void {
    scheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const group = waiting.length > maxBatch ? waiting.splice(0, maxBatch) : waiting;
      if (group === waiting) waiting = [];
      inFlight += 1;
      const done: Promise<void> = writeGroup(group).finally(() => {
        inFlight -= 1;
        settled.delete(done);
        if (waiting.length > 0) schedule();
      });
      settled.add(done);
    }
  }

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight) return;
    scheduled = true;
    // Requests whose bodies arrived in the same turn of the event loop go together.
    setImmediate(flush);
  }

  return {
    insert(event) {
      return new Promise<string | null>((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (settled.size > 0 || waiting.length > 0) {
        if (settled.size === 0) flush();
        await Promise.all(settled);
      }
    },
  };
}
