import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.js';
import { adminUrl, TEMPLATE_DB, testDatabaseUrl } from './database.js';

/**
 * Builds a fresh, migrated template database once per run; each test file clones it (test/database.ts),
 * so files run in parallel on real Postgres without seeing each other's rows.
 */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await applyMigrations(testDatabaseUrl(TEMPLATE_DB));
}
