import { describe, expect, it } from 'vitest';
import { packMetafields, planCustomerSync, type SyncedState } from './plan.js';
import type { CustomerState } from './state.js';

const SHOP_TAGS = ['loyale-tier-bronze', 'loyale-tier-silver', 'loyale-tier-gold'];
const bronze: CustomerState = { tierTag: 'loyale-tier-bronze', tierName: 'Bronze', points: 120, pointsToNextTier: 380 };
const silver: CustomerState = { tierTag: 'loyale-tier-silver', tierName: 'Silber', points: 620, pointsToNextTier: 1380 };
const syncedBronze: SyncedState = { points: 120, tierTag: 'loyale-tier-bronze', tierName: 'Bronze', pointsToNextTier: 380 };

describe('planCustomerSync', () => {
  it.each([
    [
      'first sync: the tag (other tier tags removed) and every metafield',
      null,
      bronze,
      {
        tags: { add: ['loyale-tier-bronze'], remove: ['loyale-tier-gold', 'loyale-tier-silver'] },
        metafields: [
          { key: 'points', type: 'number_integer', value: '120' },
          { key: 'tier', type: 'single_line_text_field', value: 'Bronze' },
          { key: 'points_to_next_tier', type: 'number_integer', value: '380' },
        ],
      },
    ],
    ['nothing changed: nothing to write', syncedBronze, bronze, { tags: null, metafields: [] }],
    [
      'synced before the move to $app (values unknown in the namespace): every metafield again, the tag as it is',
      { ...syncedBronze, points: null, tierName: null, pointsToNextTier: null },
      bronze,
      {
        tags: null,
        metafields: [
          { key: 'points', type: 'number_integer', value: '120' },
          { key: 'tier', type: 'single_line_text_field', value: 'Bronze' },
          { key: 'points_to_next_tier', type: 'number_integer', value: '380' },
        ],
      },
    ],
    [
      'points only: one metafield, no tags',
      syncedBronze,
      { ...bronze, points: 90 },
      { tags: null, metafields: [{ key: 'points', type: 'number_integer', value: '90' }] },
    ],
    [
      'up to Silver: the old tag goes, the new comes',
      syncedBronze,
      silver,
      {
        tags: { add: ['loyale-tier-silver'], remove: ['loyale-tier-bronze', 'loyale-tier-gold'] },
        metafields: [
          { key: 'points', type: 'number_integer', value: '620' },
          { key: 'tier', type: 'single_line_text_field', value: 'Silber' },
          { key: 'points_to_next_tier', type: 'number_integer', value: '1380' },
        ],
      },
    ],
    [
      'a renamed tier: the tag synced last is removed although the shop no longer has it',
      { ...syncedBronze, tierTag: 'loyale-tier-old-name' },
      bronze,
      { tags: { add: ['loyale-tier-bronze'], remove: ['loyale-tier-gold', 'loyale-tier-old-name', 'loyale-tier-silver'] }, metafields: [] },
    ],
    [
      'no tier: every tier tag removed, no empty tier metafield',
      null,
      { tierTag: null, tierName: null, points: 3, pointsToNextTier: 0 },
      {
        tags: { add: [], remove: ['loyale-tier-bronze', 'loyale-tier-gold', 'loyale-tier-silver'] },
        metafields: [
          { key: 'points', type: 'number_integer', value: '3' },
          { key: 'points_to_next_tier', type: 'number_integer', value: '0' },
        ],
      },
    ],
  ])('%s', (_name, synced, desired, expected) => {
    expect(planCustomerSync(synced, desired, SHOP_TAGS)).toEqual(expected);
  });
});

describe('packMetafields', () => {
  const customer = (id: number, count: number) => ({ id, metafields: Array.from({ length: count }, (_, i) => i) });
  const ids = (calls: { id: number }[][]) => calls.map((call) => call.map((c) => c.id));

  it.each([
    ['nothing', [], 25, []],
    ['8 customers × 3 fit one call (24)', Array.from({ length: 8 }, (_, i) => customer(i, 3)), 25, [[0, 1, 2, 3, 4, 5, 6, 7]]],
    ['the 9th customer starts a second call', Array.from({ length: 9 }, (_, i) => customer(i, 3)), 25, [[0, 1, 2, 3, 4, 5, 6, 7], [8]]],
    ['25 customers × 1 fit one call', Array.from({ length: 25 }, (_, i) => customer(i, 1)), 25, [Array.from({ length: 25 }, (_, i) => i)]],
    ['customers without writes are left out', [customer(1, 0), customer(2, 2), customer(3, 0)], 25, [[2]]],
    ['a customer is never split', [customer(1, 2), customer(2, 2), customer(3, 2)], 5, [[1, 2], [3]]],
  ])('%s', (_name, customers, max, expected) => {
    const calls = packMetafields(customers, max);
    expect(ids(calls)).toEqual(expected);
    for (const call of calls) expect(call.reduce((n, c) => n + c.metafields.length, 0)).toBeLessThanOrEqual(max);
  });

  it('refuses a customer larger than a call', () => {
    expect(() => packMetafields([customer(1, 3)], 2)).toThrow(/more than one call/);
  });
});
