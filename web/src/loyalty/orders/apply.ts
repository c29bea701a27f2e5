import type { Db } from '../../db/client.js';
import type { SqlClient } from '../../db/sql-client.js';
import { settleMembers } from '../members/settle.js';
import { memberSqlTransaction, RetryableConflict } from '../members/transaction.js';
import { lockUnerasedEvents, markEventsProcessed } from '../../webhooks/erased-events.js';
import { mergeEvents, type MergedEvents, type OrderEvent } from './events.js';
import { findOrderCustomers, recordEvents } from './repository.js';

/** An order's customer appeared (or differs from the payload's) while the transaction ran; it reruns. */
export class OrderCustomerChanged extends RetryableConflict {
  constructor(orderId: string) {
    super(`order ${orderId} has a customer this transaction did not lock`);
  }
}

/**
 * Applies a batch of order events of one shop in one transaction with a fixed number of round trips, whatever the
 * batch size: lock the events' inbox rows (leaving out any a customers/redact erased meanwhile), look up the stored
 * customers of orders the events do not name a customer for (refunds), record every fact while locking the members
 * concerned (ascending), then settle those members from all their facts (one load, one write of ledger entries and
 * booked state). Idempotent; any batching and any order of deliveries end in the same state.
 * `now` (the moment tiers are evaluated at) defaults to the time of the attempt.
 */
export async function applyOrderEvents(db: Db, shopId: number, events: readonly OrderEvent[], now?: Date): Promise<void> {
  if (events.length === 0) return;
  const inboxIds = events.flatMap((e) => (e.inboxId === undefined ? [] : [e.inboxId]));
  const all = mergeEvents(events);
  let attempt = 0;
  await memberSqlTransaction(db, async (tx) => {
    attempt += 1;
    // Events whose payload a customers/redact erased since they were read are left out (nearly never any).
    const live = await lockUnerasedEvents(tx, inboxIds);
    const kept = live.size === inboxIds.length ? null : events.filter((e) => e.inboxId === undefined || live.has(e.inboxId));
    // A paid or cancelled order is normally its payload customer's; after a conflict, every order is looked up.
    if (kept?.length !== 0) await recordAndSettle(tx, shopId, kept ? mergeEvents(kept) : all, attempt === 1, now);
    // Processed with what they wrote, in this transaction (the erased ones too: nothing is left to apply of them).
    await markEventsProcessed(tx, inboxIds);
  }, RELAXED);
}

async function recordAndSettle(tx: SqlClient, shopId: number, merged: MergedEvents, trustPayloadCustomers: boolean, now?: Date) {
  const lookup = trustPayloadCustomers ? merged.ordersWithoutCustomer : merged.orders.map((o) => o.orderId);
  const stored = await findOrderCustomers(tx, shopId, lookup);
  const recorded = await recordEvents(tx, shopId, merged, [...stored.values()]);
  const locked = new Set(recorded.lockedCustomerIds);
  for (const [orderId, customerId] of recorded.orderCustomers) {
    if (customerId !== null && !locked.has(customerId)) throw new OrderCustomerChanged(orderId);
  }
  await settleMembers(tx, shopId, recorded.lockedCustomerIds, now ?? new Date());
}

/**
 * The transaction commits without waiting for the WAL flush. Safe for crediting: the events it applies are marked
 * processed in the same transaction, so a database crash that loses the commit loses the marks with it, and the
 * events run again (idempotently: nothing is counted twice). What it buys: the route's inbox inserts, which must
 * wait for their flush (an accepted webhook is durable before its 200), no longer queue behind a flush for every
 * crediting transaction.
 */
const RELAXED = { relaxedCommit: true } as const;
