import { describe, expect, it } from 'vitest';
import { storedIdIssues, withoutStaleTranslations, type ProgramSettings } from './settings.js';

const stored = {
  version: 1,
  tierIds: new Set([1, 2, 3]),
  tierKeys: new Map<number, string | null>([[1, 'bronze'], [2, 'silver'], [3, null]]),
  tierTranslations: new Map<number, string | null>([[1, 'Bronze'], [2, 'Silver'], [3, 'Noble']]),
  tierNames: new Map([[1, 'Bronze'], [2, 'Silber'], [3, 'Edel']]),
  rewardNames: new Map([[10, 'Kostenloser Versand'], [11, '10 % Rabatt']]),
  rewardIds: new Set([10, 11]), rewardTierIds: new Map([[10, null], [11, 1]]), rewardMarks: new Map() };
const settings = (tierIds: (number | null)[], rewardIds: (number | null)[]): ProgramSettings => ({
  version: 1,
  pointsPerCurrencyUnit: '1',
  pointValue: '0.01',
  tiers: tierIds.map((id, i) => ({ id, name: `T${i}`, threshold: i * 100, multiplier: '1' })),
  rewards: rewardIds.map((id) => ({ id, name: 'R', kind: 'free_shipping', cost: 1, value: null, active: true })),
});

describe('storedIdIssues', () => {
  it.each<[string, ProgramSettings, Record<string, string>]>([
    ['the same ids', settings([1, 2, 3], [10, 11]), {}],
    ['tiers removed and added, rewards added', settings([1, null], [11, 10, null]), {}],
    ['an unknown tier', settings([1, 4], [10, 11]), { 'tiers.1.id': 'unknown_tier' }],
    ['an unknown reward', settings([1], [10, 11, 12]), { 'rewards.2.id': 'unknown_reward' }],
    ['a reward left out', settings([1], [11]), { rewards: 'rewards_not_removable' }],
  ])('%s', (_name, input, codes) => {
    const issues = storedIdIssues(input, stored);
    expect(Object.fromEntries(Object.entries(issues).map(([path, issue]) => [path, issue.code]))).toEqual(codes);
  });
});

describe('storedIdIssues: a reward\'s minimum tier', () => {
  const withTier = (tierIds: (number | null)[], minimumTierId: number | null | undefined, rewardId: number | null = 10): ProgramSettings => {
    const base = settings(tierIds, [10, 11]);
    const extra = rewardId === null ? [{ ...base.rewards[0]!, id: null }] : [];
    const rewards = [...base.rewards, ...extra].map((r) => (r.id === rewardId ? { ...r, minimumTierId } : r));
    return { ...base, rewards };
  };

  it.each<[string, ProgramSettings, Record<string, string>]>([
    ['a kept tier', withTier([1, 2, 3], 3), {}],
    ['none', withTier([1, 2, 3], null), {}],
    ['left out: keeps the stored one, which stays', withTier([1, 3], undefined, 11), {}],
    ['a new reward with a kept tier', withTier([1, 2], 2, null), {}],
    ['a tier of another shop', withTier([1, 2, 3], 99), { 'rewards.0.minimumTierId': 'reward_tier_unknown' }],
    ['a tier this edit removes', withTier([1, 2], 3), { 'rewards.0.minimumTierId': 'reward_tier_unknown' }],
    ['left out while this edit removes the stored one', withTier([2, 3], undefined, 11), { 'rewards.1.minimumTierId': 'reward_tier_unknown' }],
  ])('%s', (_name, input, codes) => {
    const issues = storedIdIssues(input, stored);
    expect(Object.fromEntries(Object.entries(issues).map(([path, issue]) => [path, issue.code]))).toEqual(codes);
  });
});

describe('storedIdIssues: tier names', () => {
  const named = (tiers: [number | null, string][]): ProgramSettings => {
    const base = settings(tiers.map(([id]) => id), [10, 11]);
    return { ...base, tiers: base.tiers.map((t, i) => ({ ...t, name: tiers[i]![1] })) };
  };

  it.each<[string, ProgramSettings, Record<string, string>]>([
    ['different names', named([[1, 'Bronze'], [2, 'Silber'], [null, 'Platin']]), {}],
    ['the same name in other case', named([[1, 'Bronze'], [2, 'VIP'], [null, 'vip']]), { 'tiers.2.name': 'tier_name_taken' }],
    ['a name whose slug is another name\'s', named([[1, 'Bronze'], [3, 'Über VIP'], [null, 'uber-vip!']]), { 'tiers.2.name': 'tier_name_taken' }],
    // The default tier with key silver keeps the tag loyale-tier-silver whatever it is called.
    ['a name whose slug is a default tier\'s key', named([[1, 'Bronze'], [2, 'Premium'], [null, 'Silver']]), { 'tiers.2.name': 'tier_name_taken' }],
    ['default tiers named alike but for punctuation (their tags are their keys)', named([[1, 'Gold!'], [2, 'Gold?']]), {}],
    ['a name that is another tier\'s id, the tag of a name without a slug', named([[1, 'Bronze'], [3, '🎉'], [null, '3']]), { 'tiers.2.name': 'tier_name_taken' }],
    ['two new names without a slug', named([[1, 'Bronze'], [null, '🎉'], [null, '✨']]), {}],
  ])('%s', (_name, input, codes) => {
    const issues = storedIdIssues(input, stored);
    expect(Object.fromEntries(Object.entries(issues).map(([path, issue]) => [path, issue.code]))).toEqual(codes);
  });
});

describe('storedIdIssues: tier names in the program\'s other language', () => {
  /** Tiers as [id, name, translation]; a translation left out (undefined) keeps the stored one. */
  const named = (tiers: [number | null, string, (string | null)?][]): ProgramSettings => {
    const base = settings(tiers.map(([id]) => id), [10, 11]);
    return {
      ...base,
      tiers: base.tiers.map((t, i) => {
        const [, name, nameTranslation] = tiers[i]!;
        return { ...t, name, ...(tiers[i]!.length > 2 && { nameTranslation }) };
      }),
    };
  };

  it.each<[string, ProgramSettings, Record<string, string>]>([
    ['different translations', named([[1, 'Bronze', 'Bronze'], [2, 'Silber', 'Silver'], [null, 'Platin', 'Platinum']]), {}],
    ['none: the names show, and differ', named([[1, 'Bronze', null], [2, 'Silber', null], [null, 'Platin', null]]), {}],
    ['a translation equal to the tier\'s own name', named([[1, 'Bronze'], [2, 'Silber'], [null, 'Gold', 'Gold']]), {}],
    ['the same translation in other case', named([[1, 'Bronze'], [2, 'Silber', 'VIP'], [null, 'Platin', 'vip']]), { 'tiers.2.nameTranslation': 'tier_translation_taken' }],
    // Left out, tier 2 keeps its stored translation "Silver", which the new tier's takes.
    ['a translation the stored one of a tier has', named([[1, 'Bronze'], [2, 'Silber'], [null, 'Platin', 'SILVER']]), { 'tiers.2.nameTranslation': 'tier_translation_taken' }],
    // The new tier has none: English shoppers would read "Noble" twice (tier 3 keeps its stored translation).
    ['a name another tier is called in the other language', named([[1, 'Bronze'], [3, 'Edel'], [null, 'Noble']]), { 'tiers.2.nameTranslation': 'tier_translation_needed' }],
    ['the earlier tier\'s name shown where the later one\'s translation is the same', named([[1, 'Bronze'], [3, 'Premium', null], [null, 'Prämie', 'premium']]), { 'tiers.2.nameTranslation': 'tier_translation_taken' }],
    ['cleared, the stored one no longer counts', named([[1, 'Bronze'], [3, 'Edel', null], [null, 'Noble']]), {}],
    // Names that collide already say so on the name, once.
    ['the same names', named([[1, 'Bronze'], [3, 'VIP', null], [null, 'vip', null]]), { 'tiers.2.name': 'tier_name_taken' }],
  ])('%s', (_name, input, codes) => {
    const issues = storedIdIssues(input, stored);
    expect(Object.fromEntries(Object.entries(issues).map(([path, issue]) => [path, issue.code]))).toEqual(codes);
  });
});

describe('withoutStaleTranslations', () => {
  const edit = (tier: { name: string; nameTranslation?: string | null }, reward: { name: string; nameTranslation?: string | null }): ProgramSettings => ({
    version: 1,
    pointsPerCurrencyUnit: '1',
    pointValue: '0.01',
    tiers: [{ id: 2, threshold: 500, multiplier: '1.25', ...tier }, { id: null, name: 'Neu', threshold: 900, multiplier: '1' }],
    rewards: [{ id: 10, kind: 'free_shipping', cost: 300, value: null, active: true, ...reward }],
  });
  const translations = (settings: ProgramSettings) => [settings.tiers[0]?.nameTranslation, settings.tiers[1]?.nameTranslation, settings.rewards[0]?.nameTranslation];

  it.each<[string, ProgramSettings, (string | null | undefined)[]]>([
    ['names unchanged, translations left out: kept (undefined)', edit({ name: 'Silber' }, { name: 'Kostenloser Versand' }), [undefined, undefined, undefined]],
    ['renamed, translations left out: cleared', edit({ name: 'Platin' }, { name: 'Gratisversand' }), [null, undefined, null]],
    ['renamed with a translation given: as given', edit({ name: 'Platin', nameTranslation: 'Platinum' }, { name: 'Gratisversand', nameTranslation: null }), ['Platinum', undefined, null]],
    ['unchanged with a translation given: as given', edit({ name: 'Silber', nameTranslation: 'Silver tier' }, { name: 'Kostenloser Versand' }), ['Silver tier', undefined, undefined]],
  ])('%s', (_name, input, expected) => {
    expect(translations(withoutStaleTranslations(input, stored))).toEqual(expected);
  });
});
