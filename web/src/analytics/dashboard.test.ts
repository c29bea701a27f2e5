import { describe, expect, it } from 'vitest';
import { redemptionRate } from './dashboard.js';

describe('redemptionRate', () => {
  it.each([
    [950, 300, 0.3158],
    [100, 100, 1],
    // Points issued before the range and redeemed in it: more than everything issued in it, not capped at 100 %.
    [100, 250, 2.5],
    // More redemptions given back than made in the range: the net redeemed is negative, and so is the rate.
    [100, -20, -0.2],
  ])('issued %i, redeemed %i → %d', (issued, redeemed, rate) => {
    expect(redemptionRate(issued, redeemed)).toBe(rate);
  });

  it.each([
    [0, 0],
    [0, 50],
  ])('is null when nothing was issued (issued %i, redeemed %i): no ratio, not 0 %', (issued, redeemed) => {
    expect(redemptionRate(issued, redeemed)).toBeNull();
  });
});
