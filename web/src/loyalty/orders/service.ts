import type { Db } from '../../db/client.js';
import type { ShopRecord } from '../../shops/repository.js';
import { createOrderEventBatcher, type OrderEventBatcher } from './batcher.js';
import type { OrderEvent } from './events.js';
import { parseOrderCancelled, parseOrderPaid, parseRefundCreated } from './payloads.js';

/*
 * The webhook handlers of the points engine. Each parses its payload (InvalidPayloadError before anything is
 * written), then stores the facts and settles the customer in a transaction that locks the member row, so it is
 * idempotent, safe under concurrent deliveries, and any delivery order ends in the same balance. Concurrent calls on
 * the same Db are coalesced into shared transactions (see batcher.ts); each call resolves once its event is committed.
 * `now` is the moment tiers are evaluated at (tests); by default the time the event is applied.
 */

const batchers = new WeakMap<Db, OrderEventBatcher>();

function submit(db: Db, shop: ShopRecord, event: OrderEvent, now: Date | undefined): Promise<void> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = createOrderEventBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher.submit(shop.id, event, now);
}

/** `orders/paid`: the order earns (once), at the tier the customer held before it. */
export async function handleOrderPaid(db: Db, shop: ShopRecord, payload: unknown, now?: Date): Promise<void> {
  await submit(db, shop, { kind: 'paid', order: parseOrderPaid(payload) }, now);
}

/** `orders/cancelled`: the order gives back whatever it still holds (once); kept if the order is not paid yet. */
export async function handleOrderCancelled(db: Db, shop: ShopRecord, payload: unknown, now?: Date): Promise<void> {
  await submit(db, shop, { kind: 'cancelled', order: parseOrderCancelled(payload) }, now);
}

/** `refunds/create`: the refund takes points back (once per refund id); kept until its order is paid. */
export async function handleRefundCreated(db: Db, shop: ShopRecord, payload: unknown, now?: Date): Promise<void> {
  await submit(db, shop, { kind: 'refund', refund: parseRefundCreated(payload) }, now);
}
