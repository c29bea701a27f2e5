import type { Db } from '../../db/client.js';
import type { ShopRecord } from '../../shops/repository.js';
import { createOrderEventBatcher, throttledLimits, type OrderEventBatcher } from './batcher.js';
import type { OrderEvent } from './events.js';
import { parseOrderCancelled, parseOrderFulfilled, parseOrderPaid, parseRefundCreated } from './payloads.js';

/*
 * The webhook handlers of the points engine. Each parses its payload (InvalidPayloadError before anything is
 * written), then stores the facts and settles the customer in a transaction that locks the member row, so it is
 * idempotent, safe under concurrent deliveries, and any delivery order ends in the same balance. Concurrent calls on
 * the same Db are coalesced into shared transactions (see batcher.ts); each call resolves once its event is committed.
 * `now` is the moment tiers are evaluated at (tests); by default the time the event is applied. `inboxId`: the webhook
 * inbox event the payload came from (left out if a customers/redact erased it before it was applied).
 */

const batchers = new WeakMap<Db, OrderEventBatcher>();

function batcherOf(db: Db): OrderEventBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = createOrderEventBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}

function submit(db: Db, shop: ShopRecord, event: OrderEvent, now: Date | undefined): Promise<void> {
  return batcherOf(db).submit(shop.id, event, now);
}

/**
 * Crediting at `share` (0..1] of its full capacity on `db`: smaller batches, fewer transactions at once (see
 * `throttledLimits`). The webhook worker follows the ingest governor with it; 1 restores the defaults.
 */
export function throttleOrderEvents(db: Db, share: number): void {
  batcherOf(db).setLimits(throttledLimits(share));
}

/** `orders/paid`: the order earns (once), at the tier the customer held before it. */
export async function handleOrderPaid(db: Db, shop: ShopRecord, payload: unknown, now?: Date, inboxId?: bigint): Promise<void> {
  await submit(db, shop, { kind: 'paid', order: parseOrderPaid(payload), inboxId }, now);
}

/** `orders/cancelled`: the order gives back whatever it still holds (once); kept if the order is not paid yet. */
export async function handleOrderCancelled(db: Db, shop: ShopRecord, payload: unknown, now?: Date, inboxId?: bigint): Promise<void> {
  await submit(db, shop, { kind: 'cancelled', order: parseOrderCancelled(payload), inboxId }, now);
}

/**
 * `orders/fulfilled`: records when the order was fulfilled (once); a program that awards on fulfilment earns then,
 * and the fact is kept when it comes before the order's `orders/paid`.
 */
export async function handleOrderFulfilled(db: Db, shop: ShopRecord, payload: unknown, now?: Date, inboxId?: bigint): Promise<void> {
  await submit(db, shop, { kind: 'fulfilled', order: parseOrderFulfilled(payload), inboxId }, now);
}

/** `refunds/create`: the refund takes points back (once per refund id); kept until its order is paid. */
export async function handleRefundCreated(db: Db, shop: ShopRecord, payload: unknown, now?: Date, inboxId?: bigint): Promise<void> {
  await submit(db, shop, { kind: 'refund', refund: parseRefundCreated(payload), inboxId }, now);
}
