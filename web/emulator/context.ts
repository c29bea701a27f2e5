import type { Logger } from '../src/logger.js';
import type { EmulatorState, ShopInput, ShopRecord } from './state.js';

/** The Admin API version the platform sends webhooks in and the app calls. */
export const EMULATED_API_VERSION = '2026-10';
/** The app proxy as shopify.app.toml configures it: https://{shop}/apps/loyale/* → {appUrl}/proxy/*. */
export const APP_PROXY_PREFIX = '/apps/loyale';
/** The demo shop's domain: the storefront's default shop when a request names none. */
export const DEMO_SHOP_DOMAIN = 'loyale-demo.myshopify.com';
/** The Admin GraphQL leaky bucket (points). */
export const BUCKET_MAXIMUM = 2000;
export const BUCKET_RESTORE_RATE = 100;
/** Shopify refuses a single query whose requested cost is above this. */
export const SINGLE_QUERY_MAX_COST = 1000;

/** Counters of the faults a test asked for. */
export interface FaultState {
  throttle: { remaining: number; kind: 'graphql' | 'http429' };
  refuseDiscounts: { remaining: number; message: string | undefined };
  /** Calls answered with an internal error after they were executed (the platform failed while answering). */
  internalErrors: { remaining: number };
}

/** What every part of the emulator is built from. */
export interface EmulatorContext {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  webhookTimeoutMs: number;
  log: Logger;
  state: EmulatorState;
  faults: FaultState;
  /** Adds (or updates) a shop with the emulator's bucket size. */
  ensureShop(input: ShopInput): ShopRecord;
}
