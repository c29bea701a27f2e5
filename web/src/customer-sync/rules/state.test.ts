import { describe, expect, it } from 'vitest';
import type { TierRecord } from '../../program/repository.js';
import { customerStateOf } from './state.js';

const tiers: TierRecord[] = [
  { id: 1, key: 'bronze', name: 'Bronze', threshold: 0, multiplier: '1' },
  { id: 2, key: 'silver', name: 'Silber', threshold: 500, multiplier: '1.25' },
  { id: 3, key: 'gold', name: 'Gold', threshold: 2000, multiplier: '1.5' },
];

describe('customerStateOf', () => {
  it.each([
    ['a new member', { points: 0, qualifyingPoints: 0, tierId: 1 }, { tierTag: 'loyale-tier-bronze', tierName: 'Bronze', points: 0, pointsToNextTier: 500 }],
    ['Silver, 1,200 points to Gold', { points: 650, qualifyingPoints: 800, tierId: 2 }, { tierTag: 'loyale-tier-silver', tierName: 'Silber', points: 650, pointsToNextTier: 1200 }],
    ['the top tier: nothing left to reach', { points: 3000, qualifyingPoints: 2500, tierId: 3 }, { tierTag: 'loyale-tier-gold', tierName: 'Gold', points: 3000, pointsToNextTier: 0 }],
    ['a negative balance is synced as it is', { points: -40, qualifyingPoints: 0, tierId: 1 }, { tierTag: 'loyale-tier-bronze', tierName: 'Bronze', points: -40, pointsToNextTier: 500 }],
    ['no tier', { points: 5, qualifyingPoints: 5, tierId: null }, { tierTag: null, tierName: null, points: 5, pointsToNextTier: 495 }],
    ['a tier the loaded tiers do not have (saved since they were read): no state, not "no tier"', { points: 900, qualifyingPoints: 900, tierId: 4 }, null],
  ])('%s', (_name, member, expected) => {
    expect(customerStateOf(member, tiers)).toEqual(expected);
  });
});
