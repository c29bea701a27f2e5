import { describe, expect, it } from 'vitest';
import type { ProgramSettings } from '../../frontend/src/api/types.js';
import { toForm, toPayload, unplacedErrors } from '../../frontend/src/program/form.js';

/** The program editor's form: names in the program's other language, from the settings to the save and its errors. */
describe('program form: names in the other language', () => {
  const settings: ProgramSettings = {
    version: 4,
    namesLocale: 'de',
    earning: { pointsPerCurrencyUnit: 1, pointValue: '0.01', awardOn: 'paid', approvalDays: 0 },
    tiers: [
      { id: '1', name: 'Silber', nameTranslation: 'Silver', threshold: 0, multiplier: 1 },
      { id: '2', name: 'Platin', nameTranslation: null, threshold: 900, multiplier: 2 },
    ],
    rewards: [
      {
        id: '7', name: 'Kostenloser Versand', nameTranslation: 'Free shipping', kind: 'free_shipping', cost: 300, value: null, active: true,
        minimumSubtotal: null, validityDays: 90, combinesWithOtherDiscounts: true, minimumTierId: null, productVariantId: null, product: null, productMissingAt: null,
      },
    ],
  };

  it.each<[string, string, string | null]>([
    ['a translation', 'Silver', 'Silver'],
    ['one with spaces around it', '  Silver Club ', 'Silver Club'],
    ['an empty field: none', '', null],
    ['a blank field: none', '   ', null],
  ])('%s is sent as %o', (_case, typed, sent) => {
    const form = toForm(settings);
    const edited = { ...form, tiers: form.tiers.map((t, i) => (i === 0 ? { ...t, nameTranslation: typed } : t)), rewards: form.rewards.map((r) => ({ ...r, nameTranslation: typed })) };
    const payload = toPayload(edited);
    expect(payload.tiers[0]!.nameTranslation).toBe(sent);
    expect(payload.rewards[0]!.nameTranslation).toBe(sent);
  });

  it('loads them (none as an empty field) with the names’ language, and sends them back unchanged', () => {
    const form = toForm(settings);
    expect(form.namesLocale).toBe('de');
    expect(form.tiers.map((t) => t.nameTranslation)).toEqual(['Silver', '']);
    expect(form.rewards.map((r) => r.nameTranslation)).toEqual(['Free shipping']);
    const payload = toPayload(form);
    expect(payload.tiers.map((t) => [t.name, t.nameTranslation])).toEqual([['Silber', 'Silver'], ['Platin', null]]);
    expect(payload.rewards.map((r) => [r.name, r.nameTranslation])).toEqual([['Kostenloser Versand', 'Free shipping']]);
  });

  it('shows the server’s errors on the translation fields, not in the banner', () => {
    expect(unplacedErrors({ 'tiers.1.nameTranslation': 'taken', 'rewards.0.nameTranslation': 'too long', tiers: 'whole list' })).toEqual([
      { subject: { list: 'tiers', row: null }, message: 'whole list' },
    ]);
  });
});
