import { describe, expect, it } from 'vitest';
import { redemptionRate } from './dashboard.js';

describe('redemptionRate', () => {
  it.each([
    [0, 0, 0],
    [0, 50, 0],
    [950, 300, 0.3158],
    [100, 100, 1],
    [100, 250, 1],
    [100, -20, 0],
  ])('issued %i, redeemed %i → %d', (issued, redeemed, rate) => {
    expect(redemptionRate(issued, redeemed)).toBe(rate);
  });
});
