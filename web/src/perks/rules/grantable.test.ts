import { describe, expect, it } from 'vitest';
import type { IssuableReward, IssueBlocker } from '../../rewards/issuable.js';
import type { PerkRule } from './eligibility.js';
import { perkRewardBlocker, splitGrantablePerks } from './grantable.js';

const VARIANT = 'gid://shopify/ProductVariant/11';
const SHIPPING = 7;
const MUG = 8;
const NO_VARIANT = 9;
const rewards = new Map<number, IssuableReward>([
  [SHIPPING, { kind: 'free_shipping', value: null, productVariantId: null }],
  [MUG, { kind: 'free_product', value: null, productVariantId: VARIANT, productMissingAt: new Date('2026-12-06T00:00:00Z') }],
  [NO_VARIANT, { kind: 'free_product', value: null, productVariantId: null, productMissingAt: null }],
]);
const perk = (id: number, rewardId: number | null, active = true): PerkRule => ({ id, tierId: id * 10, rewardId, active });

describe('perkRewardBlocker', () => {
  it.each<[string, IssuableReward | undefined, IssueBlocker | null]>([
    ['issuable', rewards.get(SHIPPING), null],
    ['its free product deleted in the shop', rewards.get(MUG), 'product_missing'],
    ['a free product without its variant', rewards.get(NO_VARIANT), 'not_configured'],
    ['a reward the program does not list', undefined, 'not_configured'],
  ])('%s → %s', (_name, reward, blocker) => {
    expect(perkRewardBlocker(reward)).toBe(blocker);
  });
});

describe('splitGrantablePerks', () => {
  it.each<[string, PerkRule[], number[], [number, IssueBlocker][]]>([
    ['an issuable reward grants', [perk(1, SHIPPING)], [1], []],
    ['a deleted product blocks its perk, not the others', [perk(1, MUG), perk(2, SHIPPING)], [2], [[1, 'product_missing']]],
    ['a reward not configured blocks', [perk(1, NO_VARIANT)], [], [[1, 'not_configured']]],
    ['a reward not listed blocks', [perk(1, 404)], [], [[1, 'not_configured']]],
    ['a switched-off perk is neither: it grants nothing anyway', [perk(1, MUG, false), perk(2, SHIPPING, false)], [], []],
    ['a perk without a reward is neither', [perk(1, null)], [], []],
    ['no perks', [], [], []],
  ])('%s', (_name, perks, grantable, blocked) => {
    const split = splitGrantablePerks(perks, rewards);
    expect(split.grantable.map((p) => p.id)).toEqual(grantable);
    expect(split.blocked.map((b) => [b.perk.id, b.blocker])).toEqual(blocked);
  });
});
