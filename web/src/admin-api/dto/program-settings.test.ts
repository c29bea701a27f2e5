import { describe, expect, it } from 'vitest';
import { validate } from '../../validation/field-errors.js';
import { expectRefusal } from '../../validation/expect-refusal.js';
import { programSettingsBody } from './program-settings.js';

const base = () => ({
  version: 3,
  earning: { pointsPerCurrencyUnit: 1, pointValue: '0.01' },
  tiers: [
    { id: '1', name: 'Bronze', threshold: 0, multiplier: 1 },
    { id: '2', name: 'Silber', threshold: 500, multiplier: 1.25 },
  ],
  rewards: [
    { id: '7', name: 'Versand', kind: 'free_shipping', cost: 300, value: null, active: true },
    { name: '10 %', kind: 'percentage_off', cost: 500, value: 0.1, active: false },
  ],
});
type Input = ReturnType<typeof base>;
const tierEdit = (i: number, patch: object) => (s: Input) => ({ ...s, tiers: s.tiers.map((t, j) => (i === j ? { ...t, ...patch } : t)) });
const rewardEdit = (i: number, patch: object) => (s: Input) => ({ ...s, rewards: s.rewards.map((r, j) => (i === j ? { ...r, ...patch } : r)) });
const earningEdit = (patch: object) => (s: Input) => ({ ...s, earning: { ...s.earning, ...patch } });
const newRewards = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `R${i}`, kind: 'free_shipping', cost: 100, value: null, active: false }));
const savedRewards = (n: number) => newRewards(n).map((r, i) => ({ ...r, id: String(100 + i) }));

describe('programSettingsBody', () => {
  it('normalizes valid settings: ids as numbers, decimals as exact strings, names trimmed', () => {
    const result = validate(programSettingsBody, earningEdit({ pointValue: 0.0125, pointsPerCurrencyUnit: 2.5 })(tierEdit(1, { name: '  Silber ' })(base())));
    expect(result).toEqual({
      ok: true,
      data: {
        version: 3,
        pointsPerCurrencyUnit: '2.5',
        pointValue: '0.0125',
        tiers: [
          { id: 1, name: 'Bronze', threshold: 0, multiplier: '1' },
          { id: 2, name: 'Silber', threshold: 500, multiplier: '1.25' },
        ],
        rewards: [
          // Only a free product has a variant: other kinds clear it.
          { id: 7, name: 'Versand', kind: 'free_shipping', cost: 300, value: null, active: true, productVariantId: null },
          { id: null, name: '10 %', kind: 'percentage_off', cost: 500, value: '0.1', active: false, productVariantId: null },
        ],
      },
    });
  });

  it('takes the names in the program\'s other language: trimmed, blank or null for none, left out to keep the stored one', () => {
    const edit = (s: Input) => ({
      ...s,
      tiers: [{ ...s.tiers[0]!, nameTranslation: ' Bronze ' }, { ...s.tiers[1]!, nameTranslation: '   ' }, { name: 'Platin', threshold: 900, multiplier: 2, nameTranslation: null }],
      rewards: [{ ...s.rewards[0]!, nameTranslation: 'Free shipping' }, s.rewards[1]!],
    });
    const result = validate(programSettingsBody, edit(base()));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.data.tiers.map((t) => t.nameTranslation)).toEqual(['Bronze', null, null]);
    expect(result.data.rewards.map((r) => r.nameTranslation)).toEqual(['Free shipping', undefined]);
    // 60 characters, as for the name.
    expect(validate(programSettingsBody, tierEdit(0, { nameTranslation: 'x'.repeat(60) })(base())).ok).toBe(true);
  });

  it.each<[string, (s: Input) => unknown]>([
    ['a rate at the upper bound', earningEdit({ pointsPerCurrencyUnit: 1000 })],
    ['a point value of 0', earningEdit({ pointValue: '0' })],
    ['a point value as a number', earningEdit({ pointValue: 0.02 })],
    ['ten tiers', (s) => ({ ...s, tiers: Array.from({ length: 10 }, (_, i) => ({ name: `T${i}`, threshold: i * 100, multiplier: 1 })) })],
    ['a multiplier of 0.1', tierEdit(1, { multiplier: 0.1 })],
    ['a multiplier of 10', tierEdit(1, { multiplier: 10 })],
    ['tiers in any order', (s) => ({ ...s, tiers: [...s.tiers].reverse() })],
    ['a 100 % discount', rewardEdit(1, { value: 1 })],
    ['an amount off', rewardEdit(1, { kind: 'amount_off', value: 5.5 })],
    ['the largest amount off its column holds', rewardEdit(1, { kind: 'amount_off', value: 99_999_999.9999 })],
    ['a free product with its variant', rewardEdit(0, { kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/1' })],
    ['the catalog fields', rewardEdit(0, { minimumSubtotal: '25.5', validityDays: 365, combinesWithOtherDiscounts: false, minimumTierId: '2' })],
    ['a minimum subtotal as a number, or none', rewardEdit(0, { minimumSubtotal: 30, validityDays: 1, minimumTierId: null })],
    ['a cost of 1,000,000', rewardEdit(0, { cost: 1_000_000 })],
    ['an id given as null', tierEdit(1, { id: null })],
    ['50 rewards, new ones among them', (s) => ({ ...s, rewards: [...s.rewards, ...newRewards(48)] })],
    // A shop with more from before the cap saves them all (storedIdIssues checks the ids are its own).
    ['60 saved rewards, none new', (s) => ({ ...s, rewards: savedRewards(60) })],
  ])('accepts %s', (_name, edit) => {
    expect(validate(programSettingsBody, edit(base())).ok).toBe(true);
  });

  // [name, edit, field, code, English, German]
  it.each<[string, (s: Input) => unknown, string, string, string, string]>([
    ['a rate of 0', earningEdit({ pointsPerCurrencyUnit: 0 }), 'earning.pointsPerCurrencyUnit', 'too_small', 'Must be more than 0', 'Muss größer als 0 sein'],
    ['a rate above 1000', earningEdit({ pointsPerCurrencyUnit: 1000.5 }), 'earning.pointsPerCurrencyUnit', 'too_big', 'Must be at most 1,000', 'Darf höchstens 1.000 sein'],
    ['a rate with 5 decimals', earningEdit({ pointsPerCurrencyUnit: 1.00001 }), 'earning.pointsPerCurrencyUnit', 'decimal_places', 'Use at most 4 decimal places', 'Verwende höchstens 4 Nachkommastellen'],
    ['a rate as a string', earningEdit({ pointsPerCurrencyUnit: '1' }), 'earning.pointsPerCurrencyUnit', 'invalid_type', 'Enter a number', 'Gib eine Zahl ein'],
    ['a negative point value', earningEdit({ pointValue: '-0.01' }), 'earning.pointValue', 'too_small', 'Must be at least 0', 'Muss mindestens 0 sein'],
    ['a point value that is not a number', earningEdit({ pointValue: '1,5 €' }), 'earning.pointValue', 'invalid_type', 'Enter a number', 'Gib eine Zahl ein'],
    ['a point value with 7 decimals', earningEdit({ pointValue: '0.0000001' }), 'earning.pointValue', 'decimal_places', 'Use at most 6 decimal places', 'Verwende höchstens 6 Nachkommastellen'],
    ['a point value of 1,000,000', earningEdit({ pointValue: '1000000' }), 'earning.pointValue', 'too_big', 'Must be less than 1,000,000', 'Muss kleiner als 1.000.000 sein'],
    ['no tiers', (s) => ({ ...s, tiers: [] }), 'tiers', 'too_small', 'Add at least 1 entry', 'Füge mindestens 1 Eintrag hinzu'],
    ['eleven tiers', (s) => ({ ...s, tiers: Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, threshold: i, multiplier: 1 })) }), 'tiers', 'too_big', 'Use at most 10 entries', 'Verwende höchstens 10 Einträge'],
    ['a blank tier name', tierEdit(1, { name: '   ' }), 'tiers.1.name', 'name_required', 'Enter a name', 'Gib einen Namen ein'],
    ['a tier name left out', tierEdit(1, { name: undefined }), 'tiers.1.name', 'name_required', 'Enter a name', 'Gib einen Namen ein'],
    ['a 61-character name', tierEdit(0, { name: 'x'.repeat(61) }), 'tiers.0.name', 'too_big', 'Use at most 60 characters', 'Verwende höchstens 60 Zeichen'],
    ['a negative threshold', tierEdit(1, { threshold: -1 }), 'tiers.1.threshold', 'too_small', 'Must be at least 0', 'Muss mindestens 0 sein'],
    ['an empty threshold', tierEdit(1, { threshold: null }), 'tiers.1.threshold', 'invalid_type', 'Enter a number', 'Gib eine Zahl ein'],
    ['a repeated threshold', tierEdit(1, { threshold: 0 }), 'tiers.1.threshold', 'threshold_taken', 'Another tier starts at this threshold', 'Eine andere Stufe beginnt schon bei diesem Wert'],
    ['no tier at 0', tierEdit(0, { threshold: 100 }), 'tiers.0.threshold', 'lowest_tier_not_zero', 'The lowest tier must start at 0', 'Die niedrigste Stufe muss bei 0 beginnen'],
    ['a multiplier above 10', tierEdit(1, { multiplier: 10.5 }), 'tiers.1.multiplier', 'too_big', 'Must be at most 10', 'Darf höchstens 10 sein'],
    ['a multiplier below 0.1', tierEdit(1, { multiplier: 0.05 }), 'tiers.1.multiplier', 'too_small', 'Must be at least 0.1', 'Muss mindestens 0,1 sein'],
    ['a tier listed twice', tierEdit(1, { id: '1' }), 'tiers.1.id', 'tier_listed_twice', 'This tier is listed twice', 'Diese Stufe ist doppelt aufgeführt'],
    ['an id that is not one', tierEdit(1, { id: 'abc' }), 'tiers.1.id', 'not_an_id', 'Not an id', 'Keine gültige ID'],
    ['a cost of 0', rewardEdit(0, { cost: 0 }), 'rewards.0.cost', 'too_small', 'Must be at least 1', 'Muss mindestens 1 sein'],
    ['a fractional cost', rewardEdit(0, { cost: 2.5 }), 'rewards.0.cost', 'invalid_type', 'Enter a whole number', 'Gib eine ganze Zahl ein'],
    ['a percentage of 0', rewardEdit(1, { value: 0 }), 'rewards.1.value', 'reward_value_fraction', 'Enter a fraction above 0 and at most 1 (0.1 = 10 %)', 'Gib einen Anteil über 0 und höchstens 1 ein (0,1 = 10 %)'],
    ['a percentage given as 10', rewardEdit(1, { value: 10 }), 'rewards.1.value', 'reward_value_fraction', 'Enter a fraction above 0 and at most 1 (0.1 = 10 %)', 'Gib einen Anteil über 0 und höchstens 1 ein (0,1 = 10 %)'],
    ['a percentage without a value', rewardEdit(1, { value: null }), 'rewards.1.value', 'reward_value_fraction', 'Enter a fraction above 0 and at most 1 (0.1 = 10 %)', 'Gib einen Anteil über 0 und höchstens 1 ein (0,1 = 10 %)'],
    ['a negative amount off', rewardEdit(1, { kind: 'amount_off', value: -5 }), 'rewards.1.value', 'reward_value_amount', 'Enter an amount above 0 and below 100,000,000', 'Gib einen Betrag über 0 und unter 100.000.000 ein'],
    // numeric(12,4) holds at most 99,999,999.9999: the bound itself overflowed the column (a 500).
    ['an amount off of 100,000,000', rewardEdit(1, { kind: 'amount_off', value: 100_000_000 }), 'rewards.1.value', 'reward_value_amount', 'Enter an amount above 0 and below 100,000,000', 'Gib einen Betrag über 0 und unter 100.000.000 ein'],
    ['free shipping with a value', rewardEdit(0, { value: 5 }), 'rewards.0.value', 'reward_value_not_allowed', 'Must be empty for this kind of reward', 'Muss bei dieser Prämienart leer bleiben'],
    ['an unknown kind', rewardEdit(0, { kind: 'gift_card' }), 'rewards.0.kind', 'invalid_value', 'Choose one of: free_shipping, percentage_off, amount_off, free_product', 'Wähle eins von: free_shipping, percentage_off, amount_off, free_product'],
    ['active missing', rewardEdit(0, { active: undefined }), 'rewards.0.active', 'invalid_type', 'Must be true or false', 'Muss wahr oder falsch sein'],
    ['a reward listed twice', rewardEdit(1, { id: '7' }), 'rewards.1.id', 'reward_listed_twice', 'This reward is listed twice', 'Diese Prämie ist doppelt aufgeführt'],
    ['a free product without a variant', rewardEdit(0, { kind: 'free_product' }), 'rewards.0.productVariantId', 'reward_product_required', 'Choose the product this reward gives', 'Wähle das Produkt, das diese Prämie schenkt'],
    ['a variant id that is not a GID', rewardEdit(0, { kind: 'free_product', productVariantId: '46100000000001' }), 'rewards.0.productVariantId', 'reward_product_unknown', 'This product variant is not in your shop', 'Diese Produktvariante gibt es in deinem Shop nicht'],
    ['validity of 0 days', rewardEdit(0, { validityDays: 0 }), 'rewards.0.validityDays', 'too_small', 'Must be at least 1', 'Muss mindestens 1 sein'],
    ['validity above a year', rewardEdit(0, { validityDays: 366 }), 'rewards.0.validityDays', 'too_big', 'Must be at most 365', 'Darf höchstens 365 sein'],
    ['a minimum subtotal of 0', rewardEdit(0, { minimumSubtotal: '0' }), 'rewards.0.minimumSubtotal', 'too_small', 'Must be more than 0', 'Muss größer als 0 sein'],
    ['a minimum subtotal with 3 decimals', rewardEdit(0, { minimumSubtotal: '9.999' }), 'rewards.0.minimumSubtotal', 'decimal_places', 'Use at most 2 decimal places', 'Verwende höchstens 2 Nachkommastellen'],
    ['a minimum tier that is not an id', rewardEdit(0, { minimumTierId: 'gold' }), 'rewards.0.minimumTierId', 'not_an_id', 'Not an id', 'Keine gültige ID'],
    ['a 61-character translation of a tier name', tierEdit(0, { nameTranslation: 'x'.repeat(61) }), 'tiers.0.nameTranslation', 'too_big', 'Use at most 60 characters', 'Verwende höchstens 60 Zeichen'],
    ['a 61-character translation of a reward name', rewardEdit(1, { nameTranslation: ` ${'x'.repeat(61)} ` }), 'rewards.1.nameTranslation', 'too_big', 'Use at most 60 characters', 'Verwende höchstens 60 Zeichen'],
    ['a line break in a tier name\'s translation', tierEdit(1, { nameTranslation: 'Sil\nver' }), 'tiers.1.nameTranslation', 'text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
    ['a lone surrogate in a reward name\'s translation', rewardEdit(0, { nameTranslation: 'Ship \ud800' }), 'rewards.0.nameTranslation', 'text_malformed', 'Contains broken characters (not valid Unicode); type or paste the text again', 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein'],
    ['a translation that is not text', tierEdit(0, { nameTranslation: 7 }), 'tiers.0.nameTranslation', 'invalid_type', 'Enter text', 'Gib einen Text ein'],
    ['a NUL in a tier name', tierEdit(1, { name: 'Sil\u0000ber' }), 'tiers.1.name', 'text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
    ['a tab in a reward name', rewardEdit(0, { name: 'Ver\tsand' }), 'rewards.0.name', 'text_single_line', 'Use a single line without tabs or other control characters', 'Verwende eine einzige Zeile ohne Tabulatoren oder andere Steuerzeichen'],
    ['a lone surrogate in a reward name', rewardEdit(1, { name: '10 % \udfff' }), 'rewards.1.name', 'text_malformed', 'Contains broken characters (not valid Unicode); type or paste the text again', 'Enthält beschädigte Zeichen (kein gültiges Unicode); gib den Text noch einmal ein oder füge ihn neu ein'],
    [
      'a 51st reward that is new', (s) => ({ ...s, rewards: [...s.rewards, ...newRewards(49)] }), 'rewards', 'rewards_too_many',
      'A program can have at most 50 rewards; instead of adding one, change a reward you no longer offer',
      'Ein Programm kann höchstens 50 Prämien haben; ändere statt einer neuen eine Prämie, die du nicht mehr anbietest',
    ],
    [
      'a new reward beside 60 saved ones', (s) => ({ ...s, rewards: [...savedRewards(60), ...newRewards(1)] }), 'rewards', 'rewards_too_many',
      'A program can have at most 50 rewards; instead of adding one, change a reward you no longer offer',
      'Ein Programm kann höchstens 50 Prämien haben; ändere statt einer neuen eine Prämie, die du nicht mehr anbietest',
    ],
  ])('refuses %s', (_name, edit, field, code, english, german) => {
    expectRefusal(programSettingsBody, edit(base()), field, code, english, german);
  });

  it('names every bad field at once', () => {
    const input = { earning: { pointsPerCurrencyUnit: -1, pointValue: 'x' }, tiers: [{ name: '', threshold: 0, multiplier: 0 }], rewards: [{}] };
    const result = validate(programSettingsBody, input);
    expect(result.ok ? [] : Object.keys(result.issues).sort()).toEqual([
      'earning.pointValue',
      'earning.pointsPerCurrencyUnit',
      'rewards.0.active',
      'rewards.0.cost',
      'rewards.0.kind',
      'rewards.0.name',
      'rewards.0.value',
      'tiers.0.multiplier',
      'tiers.0.name',
      // The version the editor read is part of every save.
      'version',
    ]);
  });

  it('keys a body that is not an object as `body`', () => {
    expect(validate(programSettingsBody, null)).toEqual({ ok: false, issues: { body: { code: 'invalid_type', params: { expected: 'object' } } } });
  });
});
