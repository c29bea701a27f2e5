import 'dotenv/config';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { startLoyale } from './app/start.js';
import { DEMO_SHOP_DOMAIN } from '../emulator/index.js';

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
for (const warning of config.warnings) log.warn(warning);
// The job workers run in a child process of their own (worker-main.ts): crediting never delays a webhook's answer.
const loyale = await startLoyale(config, { log, workerProcess: true });

log.info({ app: loyale.url, emulator: loyale.emulator?.url ?? null }, 'Loyale is running');
const lines = [`Loyale is running: ${loyale.url}`];
if (loyale.emulator) {
  lines.push(
    `Shop platform emulator with the demo shop: ${loyale.emulator.url}`,
    `Admin (demo shop): ${loyale.url}/?shop=${DEMO_SHOP_DOMAIN}&locale=de`,
    `Storefront with the Loyale widget (demo shop; sign in as any customer there): ${loyale.emulator.url}/storefront?shop=${DEMO_SHOP_DOMAIN}`,
    `Storefront app proxy (log in as a customer on the emulator page first): ${loyale.emulator.url}/apps/loyale/customer`,
    config.smtpUrl
      ? `Customer emails go to SMTP_URL (the emulator's mail sink at ${loyale.emulator.url}/mail stays empty)`
      : `Customer emails (the emulator's mail sink, SMTP ${loyale.emulator.mailSink.url}): ${loyale.emulator.url}/mail`,
  );
} else if (!config.smtpUrl) {
  lines.push('SMTP_URL is not set: customer emails are recorded as skipped, none is sent.');
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
