import type { PlannedEntry } from '../../loyalty/rules/booking.js';

/** An entry giving expired points back (its key follows from the take-back's, so a rerun books it once). */
export interface ExpiryReturn {
  delta: number;
  reason: 'points_expiry_returned';
  sourceId: string;
  idempotencyKey: string;
}

/**
 * The expired points a member's new take-backs give back. A refund, cancellation or downward re-rating takes back
 * what an order earned; when those points had expired already (the expiry took the whole balance), taking them again
 * would count them twice: each such take-back gives back up to what it takes and what expired and no take-back gave
 * back yet (`expiredOpen`). Only take-backs of orders whose points were in the balance at the member's latest expiry
 * (`expiredOrder`): an order placed after it, or awarded after it (on fulfilment, after approval days), held none of
 * the expired points. Pure.
 */
export function expiryReturns(entries: readonly PlannedEntry[], expiredOpen: number, expiredOrder: (entry: PlannedEntry) => boolean): ExpiryReturn[] {
  let open = expiredOpen;
  const returns: ExpiryReturn[] = [];
  for (const entry of entries) {
    if (open <= 0) break;
    if (entry.delta >= 0 || entry.reason === 'order_earned' || !expiredOrder(entry)) continue;
    const back = Math.min(-entry.delta, open);
    open -= back;
    returns.push({ delta: back, reason: 'points_expiry_returned', sourceId: entry.sourceId, idempotencyKey: `expiry-returned:${entry.idempotencyKey}` });
  }
  return returns;
}
