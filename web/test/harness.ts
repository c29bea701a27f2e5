import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logger.js';
import { startLoyale, type RunningLoyale, type StartOptions } from '../src/app/start.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends RunningLoyale {
  database: TestDatabase;
  /** Stops the app and drops its database. */
  stop(): Promise<void>;
}

/**
 * The whole app in this process, as `./loyale start` runs it: real Postgres (a fresh clone of the migrated
 * template), real Redis (a unique queue prefix), the emulator as the shop platform, but no demo shop.
 */
export async function startTestApp(options: StartOptions & { env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOYALE_QUEUE_PREFIX: `test-${randomUUID()}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const running = await startLoyale(config, {
    demo: false,
    log: createLogger(config.logLevel),
    ...options,
    webhooks: { sweepIntervalMs: 200, sweepAfterMs: 1_000, ...options.webhooks },
    // The customer sync writes to the emulator on its own every 30 s in production; in tests only when a test asks
    // (its first run at start finds nothing), so other tests' assertions on the platform's call log stay exact.
    customerSync: { everyMs: 3_600_000, ...options.customerSync },
  });
  return {
    ...running,
    database,
    stop: async () => {
      await running.close();
      await database.drop();
    },
  };
}

/** The emulator the test app runs with (startTestApp starts one unless real credentials are configured). */
export function emulatorOf(app: TestApp): NonNullable<TestApp['emulator']> {
  if (!app.emulator) throw new Error('the test app runs without the emulator');
  return app.emulator;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
