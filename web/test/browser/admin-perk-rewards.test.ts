import { describe, expect, it } from 'vitest';
import {
  rewardOptionLabel,
  rewardRowAnchor,
  rewardWithMissingProduct,
  type PerkRewardChoice,
  type RewardLabelKey,
} from '../../frontend/src/components/perks/reward-choices.js';

/** The Tier perks card's reward choices: a reward whose product was deleted is marked and found. */
const t = (key: RewardLabelKey, { name }: { name: string }) => `${key}:${name}`;

const reward = (overrides: Partial<PerkRewardChoice> = {}): PerkRewardChoice => ({
  id: '1',
  name: 'Free mug',
  active: true,
  productMissingAt: null,
  ...overrides,
});

describe('rewardOptionLabel', () => {
  it.each<[string, Partial<PerkRewardChoice>, string]>([
    ['an active reward: its name', {}, 'Free mug'],
    ['an inactive reward: not in the catalog', { active: false }, 'perks.inactiveReward:Free mug'],
    ['a deleted product: marked as such', { active: false, productMissingAt: '2026-12-01T10:00:00.000Z' }, 'perks.productMissingReward:Free mug'],
    ['a deleted product wins over active', { active: true, productMissingAt: '2026-12-01T10:00:00.000Z' }, 'perks.productMissingReward:Free mug'],
  ])('%s', (_name, overrides, expected) => {
    expect(rewardOptionLabel(reward(overrides), t)).toBe(expected);
  });
});

describe('rewardWithMissingProduct', () => {
  const rewards = [
    reward({ id: '1' }),
    reward({ id: '2', name: 'Gone mug', active: false, productMissingAt: '2026-12-01T10:00:00.000Z' }),
  ];

  it('the chosen reward when its product was deleted', () => {
    expect(rewardWithMissingProduct('2', rewards)).toBe(rewards[1]);
  });

  it.each<[string, string | null]>([
    ['no perk', null],
    ['a reward that can be issued', '1'],
    ['a reward not in the list', '3'],
  ])('null for %s', (_name, rewardId) => {
    expect(rewardWithMissingProduct(rewardId, rewards)).toBeNull();
  });
});

describe('rewardRowAnchor', () => {
  it('an id apart from the reward fields\' own (reward-{index}-{field})', () => {
    expect(rewardRowAnchor('42')).toBe('program-reward-42');
  });
});
