import { describe, expect, it } from 'vitest';
import type { PlannedEntry } from '../../loyalty/rules/booking.js';
import { expiryReturns } from './returns.js';

const entry = (delta: number, reason: PlannedEntry['reason'], sourceId: string): PlannedEntry => ({ delta, reason, sourceId, idempotencyKey: `${reason}:${sourceId}` });
const before = (e: PlannedEntry) => e.sourceId.startsWith('old');

describe('expiryReturns', () => {
  it.each<[string, PlannedEntry[], number, [number, string][]]>([
    ['nothing expired: nothing back', [entry(-100, 'refund', 'old-r1')], 0, []],
    ['a refund of expired points: all of it back', [entry(-100, 'refund', 'old-r1')], 100, [[100, 'expiry-returned:refund:old-r1']]],
    ['a take-back larger than what expired: what expired', [entry(-100, 'cancellation', 'old-o1')], 40, [[40, 'expiry-returned:cancellation:old-o1']]],
    ['several take-backs share what expired, in order', [entry(-30, 'refund', 'old-r1'), entry(-50, 'order_rerated', 'old-o2'), entry(-20, 'refund', 'old-r3')], 60, [[30, 'expiry-returned:refund:old-r1'], [30, 'expiry-returned:order_rerated:old-o2']]],
    ['an order placed after the expiry held none of it', [entry(-100, 'refund', 'new-r1')], 100, []],
    ['earning and upward re-ratings give nothing back', [entry(80, 'order_earned', 'old-o1'), entry(5, 'order_rerated', 'old-o1')], 100, []],
  ])('%s', (_name, entries, open, expected) => {
    expect(expiryReturns(entries, open, before).map((r) => [r.delta, r.idempotencyKey])).toEqual(expected);
  });
});
