import type { AppContext } from '../app/context.js';
import { handleCustomerRedact } from '../compliance/customer-redact.js';
import { handleCustomerDataRequest } from '../compliance/data-request.js';
import { handleShopRedact } from '../compliance/shop-redact.js';
import type { Db } from '../db/client.js';
import { handleCustomerUpsert } from '../loyalty/customers/service.js';
import { handleOrderCancelled, handleOrderFulfilled, handleOrderPaid, handleRefundCreated } from '../loyalty/orders/service.js';
import { handleProductDeleted, handleProductUpdated } from '../rewards/product-gone/handle.js';
import { handleShopUpdate } from '../shops/details.js';
import { ensureShop, markUninstalled, type ShopRecord } from '../shops/repository.js';
import { assertPayloadShop } from './payload-shop.js';

/** The inbox event a handler runs for. */
export interface WebhookEventRef {
  id: bigint;
  topic: string;
  eventKey: string;
}

/**
 * Runs one accepted event. Called at least once per event (again after a crash between the handler and the
 * inbox update), so it must be idempotent. Throw `InvalidPayloadError` or a zod error for a payload no retry
 * can fix (the event fails for good); any other error is retried. A handler that marks its event processed in its
 * own transaction (the points engine, see `markEventsProcessed`) resolves to `'marked'`, and the worker leaves the
 * inbox row alone.
 */
export type TopicHandler = (ctx: AppContext, shopDomain: string, payload: unknown, event: WebhookEventRef) => Promise<void | 'marked'>;

/** Topic (as in X-Shopify-Topic) → handler. Topics without a handler are answered 200 and not stored. */
export type TopicHandlers = Record<string, TopicHandler>;

const shopLookups = new WeakMap<Db, Map<string, Promise<ShopRecord>>>();

/**
 * `ensureShop`, shared by concurrent calls for the same shop (a batch of webhooks is mostly one shop's): one query
 * instead of one per event. Only a lookup in flight is shared, so nothing is cached beyond it.
 */
function ensureShopShared(db: Db, domain: string): Promise<ShopRecord> {
  const lookups = shopLookups.get(db) ?? new Map<string, Promise<ShopRecord>>();
  shopLookups.set(db, lookups);
  const inFlight = lookups.get(domain);
  if (inFlight) return inFlight;
  const lookup = ensureShop(db, domain).finally(() => lookups.delete(domain));
  lookups.set(domain, lookup);
  return lookup;
}

/**
 * A points-engine service on the shop, which gets the default program when a webhook is its first contact. It gets
 * the inbox event's id, so that what a customers/redact erased meanwhile is not stored (erased-events.ts).
 */
function withShop(service: (db: Db, shop: ShopRecord, payload: unknown, inboxId: bigint) => Promise<unknown>): TopicHandler {
  return async (ctx, shopDomain, payload, event) => {
    await service(ctx.db, await ensureShopShared(ctx.db, shopDomain), payload, event.id);
  };
}

/**
 * An order topic of the points engine, evaluated at the time it is applied. The engine marks the event processed in
 * the transaction that applies it (or finds it erased or processed already, which leaves nothing to mark).
 */
const orderTopic = (handle: (db: Db, shop: ShopRecord, payload: unknown, now: undefined, inboxId: bigint) => Promise<void>): TopicHandler => {
  const run = withShop((db, shop, payload, inboxId) => handle(db, shop, payload, undefined, inboxId));
  return async (...args) => {
    await run(...args);
    return 'marked';
  };
};

/**
 * Topics whose handlers may run concurrently in any order: the points engine merges concurrent calls into shared
 * transactions (loyalty/orders/batcher.ts), and its result does not depend on the order of deliveries.
 */
export const CONCURRENT_TOPICS: ReadonlySet<string> = new Set(['orders/paid', 'orders/cancelled', 'orders/fulfilled', 'refunds/create']);

export const defaultTopicHandlers: TopicHandlers = {
  'orders/paid': orderTopic(handleOrderPaid),
  'orders/cancelled': orderTopic(handleOrderCancelled),
  'orders/fulfilled': orderTopic(handleOrderFulfilled),
  'refunds/create': orderTopic(handleRefundCreated),
  'customers/create': withShop(handleCustomerUpsert),
  'customers/update': withShop(handleCustomerUpsert),
  'app/uninstalled': async (ctx, shopDomain, payload) => {
    // The body is the shop: one naming another shop uninstalls nothing (see assertPayloadShop).
    assertPayloadShop('app/uninstalled', payload, shopDomain);
    await markUninstalled(ctx.db, shopDomain);
  },
  // The body only says the shop changed: its details are read again (time zone, currency, language, name).
  'shop/update': (ctx, shopDomain) => handleShopUpdate(ctx, shopDomain),
  // A free-product reward's variant deleted on the platform: the reward is switched off and marked.
  'products/delete': handleProductDeleted,
  'products/update': handleProductUpdated,
  'customers/data_request': handleCustomerDataRequest,
  'customers/redact': handleCustomerRedact,
  'shop/redact': handleShopRedact,
};
