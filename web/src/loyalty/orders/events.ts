import type { CustomerProfile } from '../customers/payloads.js';
import type { OrderFacts, RefundFacts } from './payloads.js';

/**
 * A parsed order webhook, as the points engine applies it; `inboxId` is its webhook inbox event (applied only while
 * its payload was not erased by a customers/redact, see webhooks/erased-events.ts), absent when not from the inbox.
 */
export type OrderEvent = (
  | { kind: 'paid'; order: OrderFacts & { subtotal: string } }
  | { kind: 'cancelled'; order: OrderFacts & { cancelledAt: Date } }
  | { kind: 'fulfilled'; order: OrderFacts & { fulfilledAt: Date } }
  | { kind: 'refund'; refund: RefundFacts }
) & { inboxId?: bigint };

/** One row of loyalty_orders to upsert: what a batch of events says about the order (null = says nothing). */
export interface OrderRowInput {
  orderId: string;
  customerId: string | null;
  name: string | null;
  /** Only from orders/paid. */
  subtotal: string | null;
  processedAt: Date | null;
  paid: boolean;
  cancelledAt: Date | null;
  /** Only from orders/fulfilled. */
  fulfilledAt: Date | null;
}

/** What a batch of events stores: one row per order, per refund and per customer, so one statement can upsert all. */
export interface MergedEvents {
  orders: OrderRowInput[];
  refunds: RefundFacts[];
  /** Profiles from order payloads: a null or undefined field keeps what is stored. */
  profiles: CustomerProfile[];
  /** Orders whose customer the events do not name (refunds): their stored customer must be looked up. */
  ordersWithoutCustomer: string[];
}

const firstOf = <T>(a: T | null | undefined, b: T | null | undefined): T | null => a ?? b ?? null;

/**
 * Merges events so every order, refund and customer appears once (Postgres refuses to upsert a row twice in one
 * statement). Within the batch the first value wins, as it does against what is already stored.
 */
export function mergeEvents(events: readonly OrderEvent[]): MergedEvents {
  const orders = new Map<string, OrderRowInput>();
  const refunds = new Map<string, RefundFacts>();
  const profiles = new Map<string, CustomerProfile>();
  const row = (orderId: string) => {
    let existing = orders.get(orderId);
    if (!existing) {
      existing = { orderId, customerId: null, name: null, subtotal: null, processedAt: null, paid: false, cancelledAt: null, fulfilledAt: null };
      orders.set(orderId, existing);
    }
    return existing;
  };

  for (const event of events) {
    if (event.kind === 'refund') {
      row(event.refund.orderId);
      if (!refunds.has(event.refund.refundId)) refunds.set(event.refund.refundId, event.refund);
      continue;
    }
    const { order } = event;
    const r = row(order.orderId);
    r.customerId = firstOf(r.customerId, order.customer?.customerId);
    r.name = firstOf(r.name, order.name);
    r.processedAt = firstOf(r.processedAt, order.processedAt);
    r.cancelledAt = firstOf(r.cancelledAt, order.cancelledAt);
    if (event.kind === 'paid') {
      r.subtotal = firstOf(r.subtotal, order.subtotal);
      r.paid = true;
    }
    if (event.kind === 'fulfilled') r.fulfilledAt = firstOf(r.fulfilledAt, event.order.fulfilledAt);
    if (order.customer) {
      const known = profiles.get(order.customer.customerId);
      const merged: CustomerProfile = { customerId: order.customer.customerId };
      for (const field of ['email', 'firstName', 'lastName', 'locale'] as const) {
        merged[field] = order.customer[field] ?? known?.[field] ?? undefined;
      }
      profiles.set(order.customer.customerId, merged);
    }
  }

  const merged = [...orders.values()];
  return {
    orders: merged,
    refunds: [...refunds.values()],
    profiles: [...profiles.values()],
    ordersWithoutCustomer: merged.filter((o) => o.customerId === null).map((o) => o.orderId),
  };
}
