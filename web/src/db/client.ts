import { PrismaPg } from '@prisma/adapter-pg';
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
}

/** Prisma 7 on the pg driver adapter: no query-engine binary involved. */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const onConnect = options.backendNiceness ? lowerBackendPriority(databaseUrl, options.backendNiceness) : undefined;
  const adapter = new PrismaPg({ ...pgConnection(databaseUrl), max: options.poolSize ?? 10, ...(onConnect ? { onConnect } : {}) });
  return new PrismaClient({ adapter });
}
