import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { lowerBackendPriority } from './backend-priority.js';
import { pgConnection } from './connection.js';

export type Db = PrismaClient;
/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbOptions {
  /** Pool size of the pg driver behind Prisma. @defaultValue 10 */
  poolSize?: number;
  /**
   * Nice value for the Postgres backend of every connection, when the server runs on this machine (see
   * `lowerBackendPriority`): the worker process gives its database work the low priority it has itself.
   * @defaultValue unset (the server's default)
   */
  backendNiceness?: number;
  /** Longest wait for a free connection of the pool (also to open one). @defaultValue 10000 ms */
  connectionWaitMs?: number;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * Prisma 7 on the pg driver adapter: no query-engine binary involved. The adapter runs on a pool of ours, which
 * `poolOf` hands to code that runs statements on pg directly (the points engine's hot path); Prisma ends it on
 * `$disconnect`.
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const onConnect = options.backendNiceness ? lowerBackendPriority(databaseUrl, options.backendNiceness) : undefined;
  const pool = new pg.Pool({
    ...pgConnection(databaseUrl),
    max: options.poolSize ?? 10,
    // How long a query or transaction waits for a connection of the pool before it fails (and is retried by its job).
    connectionTimeoutMillis: options.connectionWaitMs ?? 10_000,
    ...(onConnect ? { onConnect } : {}),
  });
  // An idle client's error (Postgres restarted) must not crash the process before Prisma has connected its listener.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool behind `db` (one `createDb` made). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Db was not made by createDb');
  return pool;
}
