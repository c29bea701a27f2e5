import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../src/db/migrate.js';
import { dropDatabase, testDatabaseUrl } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Builds a fresh, migrated template database for this run; each test file clones it (test/database.ts),
 * so files run in parallel on real Postgres without seeing each other's rows. The name is unique per run,
 * so several runs on one machine do not disturb each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `loyale_tpl_${process.pid}_${Date.now().toString(36)}`;
  await applyMigrations(testDatabaseUrl(name));
  project.provide('templateDatabase', name);
  return () => dropDatabase(name);
}
