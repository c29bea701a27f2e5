import { describe, expect, it } from 'vitest';
import type { ProgramLocale } from '../program/default-program.js';
import type { ProgramRecord } from '../program/repository.js';
import { rewardRecord, TEST_TIERS } from '../rewards/test-rewards.js';
import { programIn, statusIn } from './shopper-names.js';

/** A German program: Silber and the shipping reward have English names, Gold and the voucher none. */
const german: ProgramRecord = {
  shopId: 1,
  pointsPerCurrencyUnit: '1',
  locale: 'de',
  namesCustomized: true,
  tiers: [
    { ...TEST_TIERS[0]!, name: 'Bronze', nameTranslation: 'Bronze' },
    { ...TEST_TIERS[1]!, name: 'Silber', nameTranslation: 'Silver' },
    { ...TEST_TIERS[2]!, name: 'Gold', nameTranslation: null },
  ],
  rewards: [
    rewardRecord({ id: 10, name: 'Kostenloser Versand', nameTranslation: 'Free shipping' }),
    rewardRecord({ id: 11, name: '5 € Gutschein', nameTranslation: null, kind: 'amount_off', value: '5' }),
  ],
};

describe('programIn', () => {
  it.each<[ProgramLocale | null, string[], string[]]>([
    [null, ['Bronze', 'Silber', 'Gold'], ['Kostenloser Versand', '5 € Gutschein']],
    ['de', ['Bronze', 'Silber', 'Gold'], ['Kostenloser Versand', '5 € Gutschein']],
    ['en', ['Bronze', 'Silver', 'Gold'], ['Free shipping', '5 € Gutschein']],
  ])('read in %s', (language, tiers, rewards) => {
    const program = programIn(german, language);
    expect(program.tiers.map((t) => t.name)).toEqual(tiers);
    expect(program.rewards.map((r) => r.name)).toEqual(rewards);
    // Everything but the names stays.
    expect({ ...program, tiers: [], rewards: [] }).toEqual({ ...german, tiers: [], rewards: [] });
    expect(program.tiers.map(({ name: _name, ...t }) => t)).toEqual(german.tiers.map(({ name: _name, ...t }) => t));
  });

  it('an English program read in German takes the German names', () => {
    const english: ProgramRecord = { ...german, locale: 'en', tiers: [{ ...TEST_TIERS[1]!, name: 'Silver', nameTranslation: 'Silber' }], rewards: [] };
    expect(programIn(english, 'de').tiers.map((t) => t.name)).toEqual(['Silber']);
    expect(programIn(english, 'en').tiers.map((t) => t.name)).toEqual(['Silver']);
  });
});

describe('statusIn', () => {
  const { nameTranslation: _bronze, ...bronze } = german.tiers[0]!;
  const { nameTranslation: _silver, ...silber } = german.tiers[1]!;

  it('names the member’s tier and next tier as the program read in the shopper’s language does', () => {
    const status = { points: 10, tier: bronze, nextTier: { tier: silber, pointsNeeded: 490 } };
    expect(statusIn(status, programIn(german, 'en'))).toEqual({ points: 10, tier: bronze, nextTier: { tier: { ...silber, name: 'Silver' }, pointsNeeded: 490 } });
    expect(statusIn(status, programIn(german, null))).toEqual(status);
  });

  it('no tier stays none; a tier the program does not list keeps its name', () => {
    expect(statusIn({ tier: null, nextTier: null }, programIn(german, 'en'))).toEqual({ tier: null, nextTier: null });
    const gone = { ...silber, id: 99, name: 'Alt' };
    expect(statusIn({ tier: gone, nextTier: null }, programIn(german, 'en')).tier?.name).toBe('Alt');
  });
});
