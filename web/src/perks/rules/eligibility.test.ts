import { describe, expect, it } from 'vitest';
import { offeredPerk, perkEligibility, type PerkRule } from './eligibility.js';

const GOLD = 3;
const SILVER = 2;
const goldPerk: PerkRule = { id: 10, tierId: GOLD, rewardId: 7, active: true };
const silverPerk: PerkRule = { id: 11, tierId: SILVER, rewardId: 8, active: true };

describe('perkEligibility', () => {
  const none = () => false;
  it.each([
    ['a Gold member with an active perk and no grant this month', GOLD, [goldPerk, silverPerk], none, { eligible: true, perk: goldPerk }],
    ['a Silver member gets the Silver perk, not Gold', SILVER, [goldPerk, silverPerk], none, { eligible: true, perk: silverPerk }],
    ['already granted this month', GOLD, [goldPerk], (id: number) => id === 10, { eligible: false, reason: 'already_granted' }],
    ['a grant of another perk does not count', GOLD, [goldPerk], (id: number) => id === 11, { eligible: true, perk: goldPerk }],
    ['dropped out of Gold: no Gold perk', 1, [goldPerk], none, { eligible: false, reason: 'no_perk' }],
    ['no tier at all', null, [goldPerk], none, { eligible: false, reason: 'no_tier' }],
    ['the perk is switched off', GOLD, [{ ...goldPerk, active: false }], none, { eligible: false, reason: 'perk_inactive' }],
    ['the perk names no reward', GOLD, [{ ...goldPerk, rewardId: null }], none, { eligible: false, reason: 'no_reward' }],
  ] as const)('%s', (_name, tierId, perks, granted, expected) => {
    expect(perkEligibility(tierId, perks, granted)).toEqual(expected);
  });
});

describe('offeredPerk', () => {
  it.each([
    ['the tier has an active perk', GOLD, [goldPerk], goldPerk],
    ['inactive', GOLD, [{ ...goldPerk, active: false }], null],
    ['no reward', GOLD, [{ ...goldPerk, rewardId: null }], null],
    ['another tier', SILVER, [goldPerk], null],
    ['no tier', null, [goldPerk], null],
  ] as const)('%s', (_name, tierId, perks, expected) => {
    expect(offeredPerk(tierId, perks)).toEqual(expected);
  });
});
