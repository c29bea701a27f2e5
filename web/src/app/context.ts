import type { AppConfig } from '../config/config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Shopify } from '../shopify/api.js';

/** What every part of the app is given: created once in main.ts (or a test), passed into small factories. */
export interface AppContext {
  config: AppConfig;
  log: Logger;
  db: Db;
  shopify: Shopify;
}
