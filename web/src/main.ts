import 'dotenv/config';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { startLoyale } from './app/start.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const log = createLogger(config.logLevel);
const loyale = await startLoyale(config, { log });

log.info({ app: loyale.url, emulator: loyale.emulator?.url ?? null }, 'Loyale is running');
const lines = [`Loyale is running: ${loyale.url}`];
if (loyale.emulator) {
  lines.push(
    `Shop platform emulator with the demo shop: ${loyale.emulator.url}`,
    `Storefront app proxy (log in as a customer on the emulator page first): ${loyale.emulator.url}/apps/loyale/customer`,
  );
}
console.log(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing running jobs');
    const force = setTimeout(() => {
      log.error('graceful shutdown timed out');
      process.exit(1);
    }, 30_000);
    force.unref();
    loyale.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
