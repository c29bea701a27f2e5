import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { findLedgerEntryByKey, type LedgerEntryRecord } from '../ledger/entries.js';
import { appendLedgerEntry } from '../ledger/repository.js';
import { findMemberProfile } from './profile.js';
import { memberTransaction } from './transaction.js';

export interface ManualAdjustment {
  customerId: string;
  /** Points added (positive) or taken (negative); never 0. */
  delta: number;
  /** Why, in the staff member's words: the entry's note. */
  reason: string;
  /** The staff user making it (the session token's `sub`): the entry's actor. */
  actor: string;
  /** The client's key for retries; without one every call is a new adjustment. */
  idempotencyKey?: string;
}

export type AdjustmentResult =
  /** `replayed`: the key was used before with the same input; this is that first result. */
  | { ok: true; replayed: boolean; entry: LedgerEntryRecord; points: number }
  | { ok: false; error: 'customer_not_found' }
  /** The key was used before for a different delta or reason. */
  | { ok: false; error: 'key_reused' };

/**
 * A staff member's manual adjustment: one append-only `manual_adjustment` entry and the balance moved by it in one
 * statement (appendLedgerEntry: never read and written back, so concurrent adjustments add up exactly). Only the
 * balance changes: qualifying points and the tier do not (CONTRACT.md). The entry's key is scoped to the customer,
 * so one key can be reused for another customer.
 */
export async function adjustPoints(db: Db, shopId: number, adjustment: ManualAdjustment): Promise<AdjustmentResult> {
  const key = `manual:${adjustment.customerId}:${adjustment.idempotencyKey ?? randomUUID()}`;
  return memberTransaction(db, async (tx): Promise<AdjustmentResult> => {
    const member = await findMemberProfile(tx, shopId, adjustment.customerId);
    if (!member) return { ok: false, error: 'customer_not_found' };
    const appended = await appendLedgerEntry(tx, {
      shopId,
      memberId: member.memberId,
      delta: adjustment.delta,
      reason: 'manual_adjustment',
      idempotencyKey: key,
      note: adjustment.reason,
      actor: adjustment.actor,
    });
    const entry = await findLedgerEntryByKey(tx, shopId, key);
    if (!entry) throw new Error(`ledger entry ${key} missing after its append`);
    if (appended.status === 'applied') return { ok: true, replayed: false, entry, points: appended.balance };
    if (entry.delta !== adjustment.delta || entry.note !== adjustment.reason) return { ok: false, error: 'key_reused' };
    return { ok: true, replayed: true, entry, points: entry.balanceAfter };
  });
}
