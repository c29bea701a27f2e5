import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../db/sql-client.js';
import type { TierRecord } from '../../program/repository.js';
import { appendLedgerEntries, findOrderEarnedTimes, type BatchLedgerEntry, type MemberTierFields } from '../ledger/repository.js';
import { bookingCtes, loadSettlementState } from '../orders/repository.js';
import { planBooking, type OrderBooking, type RefundBooking } from '../rules/booking.js';
import { evaluatePoints } from '../rules/points.js';
import { expiryReturns } from '../../points-expiry/rules/returns.js';

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * The ledger's record of a tier change: delta 0, `source_id` `tier:<from id or none>:<to id or none>`, the tier
 * names as note. It is written in the statement that changes the member's tier, under the member's lock, so a
 * change is recorded exactly once; the key only has to be unique.
 */
export function tierChangeEntry(memberId: number, from: number | null, to: number | null, tiers: readonly TierRecord[]): BatchLedgerEntry & { note: string } {
  const name = (id: number | null) => tiers.find((t) => t.id === id)?.name ?? '–';
  return {
    memberId,
    delta: 0,
    reason: 'tier_changed',
    sourceId: `tier:${from ?? 'none'}:${to ?? 'none'}`,
    idempotencyKey: `tier-changed:${memberId}:${randomUUID()}`,
    note: `${name(from)} → ${name(to)}`,
  };
}

/**
 * Brings members' ledgers and tiers in line with all their order facts, in two statements whatever their number:
 * loads the members with every order and refund of theirs, evaluates the pure rules at `now`, then appends a ledger
 * entry for every difference to what is booked (keyed for idempotency; balances move in the same statement) together
 * with the new booked state, tiers, qualifying points and recheck dates. Nothing is written when nothing changed.
 * The member rows of `customerIds` must be locked by the caller's transaction. Returns how many entries it appended.
 */
export async function settleMembers(sql: SqlClient, shopId: number, customerIds: readonly string[], now: Date): Promise<number> {
  const state = await loadSettlementState(sql, shopId, customerIds);
  // Only for members whose points expired (nearly never on the crediting path): when each order's points entered the
  // balance. A take-back gives expired points back only for an order whose points were in the balance when they
  // expired: one placed before the expiry but credited after it (awarded on fulfilment, after approval days, or its
  // webhook late) held none of them.
  const expired = state.members.filter((m) => m.expiredOpen > 0 && m.lastExpiredAt).map((m) => m.id);
  const earnedTimes = await findOrderEarnedTimes(sql, expired);
  const entries: BatchLedgerEntry[] = [];
  const orders: OrderBooking[] = [];
  const refunds: RefundBooking[] = [];
  const tierUpdates: MemberTierFields[] = [];

  for (const member of state.members) {
    const { facts, booked } = state.orders.get(member.customerId) ?? { facts: [], booked: [] };
    const result = evaluatePoints(facts, state.tiers, now);
    const plan = planBooking(booked, result.orders);
    entries.push(...plan.entries.map((e) => ({ memberId: member.id, ...e })));
    if (member.expiredOpen > 0 && member.lastExpiredAt) {
      // Points expiry took the balance: a take-back of points that had expired gives them back (points-expiry/rules).
      const expiredAt = member.lastExpiredAt.getTime();
      const orderOf = new Map(facts.flatMap((f) => [[f.orderId, f.orderId] as const, ...f.refunds.map((r) => [r.refundId, f.orderId] as const)]));
      const earnedAt = earnedTimes.get(member.id);
      const heldWhenExpired = (entry: { sourceId: string }) => {
        const orderId = orderOf.get(entry.sourceId);
        const at = orderId === undefined ? undefined : earnedAt?.get(orderId);
        return at !== undefined && at < expiredAt;
      };
      entries.push(...expiryReturns(plan.entries, member.expiredOpen, heldWhenExpired).map((e) => ({ memberId: member.id, ...e })));
    }
    orders.push(...plan.orders);
    refunds.push(...plan.refunds);
    const tier: MemberTierFields = {
      memberId: member.id,
      tierId: result.tier?.id ?? null,
      qualifyingPoints: result.qualifyingPoints,
      pendingPoints: result.pendingPoints,
      tierRecheckAt: result.tierRecheckAt,
      lastOrderAt: result.lastOrderAt,
    };
    const changed =
      tier.tierId !== member.tierId ||
      tier.qualifyingPoints !== member.qualifyingPoints ||
      tier.pendingPoints !== member.pendingPoints ||
      !sameTime(tier.tierRecheckAt, member.tierRecheckAt) ||
      !sameTime(tier.lastOrderAt, member.lastOrderAt);
    if (changed) tierUpdates.push(tier);
    if (tier.tierId !== member.tierId) entries.push(tierChangeEntry(member.id, member.tierId, tier.tierId, state.tiers));
  }

  const booking = bookingCtes(orders, refunds, state.orderRowIds, shopId);
  return appendLedgerEntries(sql, shopId, entries, { tierUpdates, ...(booking ? { alsoRun: booking } : {}) });
}
