import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEMPLATE_DB = 'loyale_test_template';

/** The server the tests use: TEST_DATABASE_URL's server, else the local default. */
function serverUrl(): URL {
  return new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
}

export function adminUrl(): string {
  const url = serverUrl();
  url.pathname = '/postgres';
  return url.toString();
}

export function testDatabaseUrl(name: string): string {
  const url = serverUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new database cloned from the migrated template; drop it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `loyale_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  return {
    url: testDatabaseUrl(name),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
