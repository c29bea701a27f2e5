import { describe, expect, it } from 'vitest';
import type { ProgramRecord } from '../program/repository.js';
import { rewardRecord, TEST_TIERS as tiers } from '../rewards/test-rewards.js';
import { toCustomerView } from './customer-view.js';

const reward = rewardRecord();
const program: ProgramRecord = {
  shopId: 1,
  pointsPerCurrencyUnit: '1',
  locale: 'en',
  namesCustomized: false,
  tiers,
  rewards: [
    { ...reward, id: 10, name: 'Free shipping', kind: 'free_shipping', cost: 300, active: true },
    { ...reward, id: 11, name: '10% off', kind: 'percentage_off', cost: 500, value: '0.1', active: true },
    { ...reward, id: 12, name: 'Retired', kind: 'amount_off', cost: 100, value: '5', active: false },
  ],
};
const shop = { currencyCode: 'EUR', primaryLocale: 'en' };

describe('toCustomerView', () => {
  it('logged out: no customer, no tier, 0 points, nothing redeemable', () => {
    expect(toCustomerView(program, shop, null)).toEqual({
      customerId: null,
      points: 0,
      tier: null,
      nextTier: null,
      tiers: [
        { id: '1', name: 'Bronze', threshold: 0, multiplier: 1 },
        { id: '2', name: 'Silver', threshold: 500, multiplier: 1.25 },
        { id: '3', name: 'Gold', threshold: 2000, multiplier: 1.5 },
      ],
      rewards: [
        { id: '10', name: 'Free shipping', kind: 'free_shipping', cost: 300, redeemable: false },
        { id: '11', name: '10% off', kind: 'percentage_off', cost: 500, redeemable: false },
        { id: '12', name: 'Retired', kind: 'amount_off', cost: 100, redeemable: false },
      ],
      waysToEarn: [
        {
          kind: 'order',
          pointsPerCurrencyUnit: 1,
          basePointsPerCurrencyUnit: 1,
          multiplier: 1,
          currency: 'EUR',
          description: '1 point per €1.00 spent',
        },
      ],
    });
  });

  it('a member: points, tier, what is missing to the next, redeemable by balance', () => {
    const view = toCustomerView(program, shop, {
      customerId: '42',
      points: 320,
      tier: tiers[1]!,
      nextTier: { tier: tiers[2]!, pointsNeeded: 1400 },
    });
    expect(view).toMatchObject({
      customerId: '42',
      points: 320,
      tier: { id: '2', name: 'Silver' },
      nextTier: { id: '3', name: 'Gold', pointsNeeded: 1400 },
      rewards: [
        { id: '10', redeemable: true },
        { id: '11', redeemable: false },
        { id: '12', redeemable: false },
      ],
    });
    expect(view.waysToEarn[0]).toMatchObject({ pointsPerCurrencyUnit: 1.25, multiplier: 1.25, description: '1.25 points per €1.00 spent' });
  });

  it('a reward for a higher tier is not redeemable, whatever the balance; at or above that tier it is', () => {
    const goldOnly: ProgramRecord = {
      ...program,
      rewards: [
        { ...reward, id: 20, name: 'Gold gift', kind: 'free_shipping', cost: 100, active: true, minimumTierId: 3 },
        { ...reward, id: 21, name: 'Silver and up', kind: 'free_shipping', cost: 100, active: true, minimumTierId: 2 },
      ],
    };
    const silver = toCustomerView(goldOnly, shop, { customerId: '7', points: 5000, tier: tiers[1]!, nextTier: null });
    expect(silver.rewards.map((r) => [r.id, r.redeemable])).toEqual([['20', false], ['21', true]]);
    const gold = toCustomerView(goldOnly, shop, { customerId: '7', points: 5000, tier: tiers[2]!, nextTier: null });
    expect(gold.rewards.map((r) => r.redeemable)).toEqual([true, true]);
    // Exactly the contract's reward shape {id, name, kind, cost, redeemable}.
    expect(Object.keys(gold.rewards[0]!).sort()).toEqual(['cost', 'id', 'kind', 'name', 'redeemable']);
  });

  it('lists inactive rewards in the program\'s order, never redeemable, whatever the balance and tier', () => {
    const view = toCustomerView(program, shop, { customerId: '42', points: 100_000, tier: tiers[2]!, nextTier: null });
    expect(view.rewards).toEqual([
      { id: '10', name: 'Free shipping', kind: 'free_shipping', cost: 300, redeemable: true },
      { id: '11', name: '10% off', kind: 'percentage_off', cost: 500, redeemable: true },
      { id: '12', name: 'Retired', kind: 'amount_off', cost: 100, redeemable: false },
    ]);
    // A free product deleted in the shop (switched off then) and a perk-only reward: listed, inactive.
    const view2 = toCustomerView(
      {
        ...program,
        rewards: [
          { ...reward, id: 30, name: 'Mug', kind: 'free_product', cost: 50, productVariantId: 'gid://shopify/ProductVariant/1', active: false, productMissingAt: new Date() },
          { ...reward, id: 31, name: 'Gold perk', kind: 'free_shipping', cost: 1, active: false },
        ],
      },
      shop,
      { customerId: '42', points: 100_000, tier: tiers[2]!, nextTier: null },
    );
    expect(view2.rewards.map((r) => [r.id, r.redeemable])).toEqual([['30', false], ['31', false]]);
  });

  it('a negative balance redeems nothing', () => {
    const view = toCustomerView(program, shop, { customerId: '1', points: -20, tier: tiers[0]!, nextTier: null });
    expect(view.points).toBe(-20);
    expect(view.rewards.every((r) => !r.redeemable)).toBe(true);
  });

  it('describes earning in German for German shops', () => {
    const view = toCustomerView(program, { currencyCode: 'EUR', primaryLocale: 'de-DE' }, {
      customerId: '1',
      points: 0,
      tier: tiers[2]!,
      nextTier: null,
    });
    expect(view.waysToEarn[0]?.description).toBe('1,5 Punkte pro 1,00\u00a0€ Einkaufswert');
  });
});
