import { describe, expect, it } from 'vitest';
import type { ProgramRecord } from '../program/repository.js';
import { rewardRecord, TEST_TIERS as tiers } from '../rewards/test-rewards.js';
import { toRewardCatalog } from './rewards-view.js';

const base = rewardRecord();
const mug = { title: 'Keramikbecher „Morgenrot“', variantTitle: null, imageUrl: 'https://cdn.example/mug.svg' };
const program: ProgramRecord = {
  shopId: 1,
  pointsPerCurrencyUnit: '1',
  locale: 'en',
  namesCustomized: true,
  tiers,
  rewards: [
    { ...base, id: 10, name: 'Free shipping', kind: 'free_shipping', cost: 300 },
    { ...base, id: 11, name: '5 € off', kind: 'amount_off', cost: 400, value: '5', minimumSubtotal: '30', validityDays: 30 },
    { ...base, id: 12, name: 'Free mug', kind: 'free_product', cost: 900, productVariantId: 'gid://shopify/ProductVariant/9', product: mug, minimumTierId: 3 },
    { ...base, id: 13, name: 'Retired', kind: 'percentage_off', cost: 100, value: '0.2', active: false },
  ],
};

describe('toRewardCatalog', () => {
  it('a guest: the active rewards in detail, a Gold reward locked with the tier it needs', () => {
    expect(toRewardCatalog(program, null)).toEqual({
      rewards: [
        { id: '10', kind: 'free_shipping', value: null, minimumSubtotal: null, validityDays: 90, requiredTier: null, locked: false, product: null },
        { id: '11', kind: 'amount_off', value: 5, minimumSubtotal: '30.00', validityDays: 30, requiredTier: null, locked: false, product: null },
        { id: '12', kind: 'free_product', value: null, minimumSubtotal: null, validityDays: 90, requiredTier: { id: '3', name: 'Gold' }, locked: true, product: mug },
      ],
    });
  });

  it.each([
    ['Bronze', 0, true],
    ['Silver', 1, true],
    ['Gold', 2, false],
  ] as const)('a %s member: the Gold reward locked = %s', (_name, index, locked) => {
    const catalog = toRewardCatalog(program, tiers[index]!);
    expect(catalog.rewards.find((r) => r.id === '12')).toMatchObject({ requiredTier: { id: '3', name: 'Gold' }, locked });
    expect(catalog.rewards.filter((r) => r.id !== '12').every((r) => !r.locked)).toBe(true);
  });

  it('a restriction to a tier that no longer exists locks nothing', () => {
    const orphan: ProgramRecord = { ...program, rewards: [{ ...base, id: 20, name: 'X', kind: 'free_shipping', cost: 1, minimumTierId: 99 }] };
    expect(toRewardCatalog(orphan, null).rewards[0]).toMatchObject({ requiredTier: null, locked: false });
  });
});
