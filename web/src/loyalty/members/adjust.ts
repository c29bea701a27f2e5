import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { domainIssue, type Invalid } from '../../validation/field-errors.js';
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
  | { ok: false; error: 'key_reused' }
  /** The balance would leave BALANCE_RANGE (`delta`: `balance_out_of_range`). */
  | Invalid;

/** The balances a member can hold: `members.points` (and each entry's `balance_after`) is an int4. */
export const BALANCE_RANGE = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/** The member's balance, its row locked until the transaction ends: adjustments checked against it cannot race. */
async function lockedBalance(tx: Tx, memberId: number): Promise<number> {
  const rows = await tx.$queryRaw<{ points: number }[]>`SELECT points FROM members WHERE id = ${memberId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new Error(`member ${memberId} missing`);
  return row.points;
}

/**
 * The answer to a key used before: that first result when delta and reason are the ones sent, exactly (the reason is
 * stored as sent after the DTO's trim: well-formed text without NUL, which Postgres neither alters nor refuses).
 */
function replayOf(entry: LedgerEntryRecord, adjustment: ManualAdjustment): AdjustmentResult {
  if (entry.delta !== adjustment.delta || entry.note !== adjustment.reason) return { ok: false, error: 'key_reused' };
  return { ok: true, replayed: true, entry, points: entry.balanceAfter };
}

/**
 * A staff member's manual adjustment: one append-only `manual_adjustment` entry and the balance moved by it in one
 * statement (appendLedgerEntry: never read and written back, so concurrent adjustments add up exactly). Only the
 * balance changes: qualifying points and the tier do not (CONTRACT.md). The entry's key is scoped to the customer,
 * so one key can be reused for another customer. A balance the column cannot hold is refused (it was a 500): the
 * member's row is locked first, so the balance checked is the one the entry moves; a key used before is answered
 * before that check (a retry of an adjustment that reached the limit is its first result, not a refusal).
 */
export async function adjustPoints(db: Db, shopId: number, adjustment: ManualAdjustment): Promise<AdjustmentResult> {
  const key = `manual:${adjustment.customerId}:${adjustment.idempotencyKey ?? randomUUID()}`;
  return memberTransaction(db, async (tx): Promise<AdjustmentResult> => {
    const member = await findMemberProfile(tx, shopId, adjustment.customerId);
    if (!member) return { ok: false, error: 'customer_not_found' };
    const balance = await lockedBalance(tx, member.memberId);
    const earlier = await findLedgerEntryByKey(tx, shopId, key);
    if (earlier) return replayOf(earlier, adjustment);
    const after = balance + adjustment.delta;
    if (after < BALANCE_RANGE.minimum || after > BALANCE_RANGE.maximum) {
      return { ok: false, issues: { delta: domainIssue('balance_out_of_range', BALANCE_RANGE) } };
    }
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
    // A concurrent request with the same key may still have booked it first (its unique index is the last word).
    return appended.status === 'applied' ? { ok: true, replayed: false, entry, points: appended.balance } : replayOf(entry, adjustment);
  });
}
