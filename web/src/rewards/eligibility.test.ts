import { describe, expect, it } from 'vitest';
import { requiredTierFor } from './eligibility.js';
import { TEST_TIERS as tiers } from './test-rewards.js';

describe('requiredTierFor', () => {
  it.each<[string, number | null, (typeof tiers)[number] | null, string | null]>([
    ['no restriction, guest', null, null, null],
    ['no restriction, Bronze', null, tiers[0]!, null],
    ['Gold-only, guest (reads as the lowest tier)', 3, null, 'Gold'],
    ['Gold-only, Bronze', 3, tiers[0]!, 'Gold'],
    ['Gold-only, Silver', 3, tiers[1]!, 'Gold'],
    ['Gold-only, Gold', 3, tiers[2]!, null],
    ['Silver and up, Gold', 2, tiers[2]!, null],
    ['Silver and up, Silver', 2, tiers[1]!, null],
    ['Silver and up, Bronze', 2, tiers[0]!, 'Silver'],
    ['Bronze and up, guest', 1, null, null],
    ['a removed tier restricts nothing', 42, null, null],
  ])('%s → %s', (_name, minimumTierId, memberTier, required) => {
    expect(requiredTierFor({ minimumTierId }, tiers, memberTier)?.name ?? null).toBe(required);
  });

  it('compares thresholds, so a renamed or re-thresholded tier keeps its place', () => {
    const moved = [tiers[0]!, { ...tiers[2]!, threshold: 300 }, { ...tiers[1]!, threshold: 900 }];
    expect(requiredTierFor({ minimumTierId: 2 }, moved, moved[1]!)?.name).toBe('Silver');
    expect(requiredTierFor({ minimumTierId: 3 }, moved, moved[2]!)).toBeNull();
  });
});
