import { describe, expect, it } from 'vitest';
import { nextTierFor, tierFor, type TierRule } from './tiers.js';

const tiers: TierRule[] = [
  { id: 1, name: 'Bronze', threshold: 0, multiplier: '1' },
  { id: 2, name: 'Silver', threshold: 500, multiplier: '1.25' },
  { id: 3, name: 'Gold', threshold: 2000, multiplier: '1.5' },
];

describe('tierFor', () => {
  it.each([
    [0, 'Bronze'],
    [-40, 'Bronze'],
    [499, 'Bronze'],
    [500, 'Silver'],
    [1999, 'Silver'],
    [2000, 'Gold'],
    [1_000_000, 'Gold'],
  ])('%i qualifying points → %s', (points, name) => {
    expect(tierFor(points, tiers)?.name).toBe(name);
  });

  it('is null without tiers', () => {
    expect(tierFor(100, [])).toBeNull();
  });
});

describe('nextTierFor', () => {
  it.each([
    [0, 'Silver', 500],
    [120, 'Silver', 380],
    [500, 'Gold', 1500],
    [1999, 'Gold', 1],
  ])('%i qualifying points → %s, %i needed', (points, name, needed) => {
    expect(nextTierFor(points, tiers)).toEqual({ tier: expect.objectContaining({ name }), pointsNeeded: needed });
  });

  it('is null in the top tier', () => {
    expect(nextTierFor(2000, tiers)).toBeNull();
  });
});
