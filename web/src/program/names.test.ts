import { describe, expect, it } from 'vitest';
import type { ProgramLocale } from './default-program.js';
import { nameIn, nameLanguageOf, translationLocaleOf, withNamesIn } from './names.js';

describe('nameLanguageOf', () => {
  it.each<[string | null | undefined, ProgramLocale | null]>([
    ['de', 'de'],
    ['de-CH', 'de'],
    ['de_AT', 'de'],
    ['DE', 'de'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['EN-us', 'en'],
    // No names exist in other languages: those shoppers read the program's own names.
    ['fr', null],
    ['pt-BR', null],
    ['deu', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (locale, expected) => {
    expect(nameLanguageOf(locale)).toBe(expected);
  });
});

describe('translationLocaleOf', () => {
  it.each<[ProgramLocale, ProgramLocale]>([
    ['de', 'en'],
    ['en', 'de'],
  ])('names in %s are translated into %s', (names, translation) => {
    expect(translationLocaleOf(names)).toBe(translation);
  });
});

describe('nameIn', () => {
  const silver = { name: 'Silber', nameTranslation: 'Silver' };
  const untranslated = { name: 'Platin', nameTranslation: null };
  const english = { name: 'Free shipping', nameTranslation: 'Kostenloser Versand' };
  // [item, the program's language, the shopper's language, the name they read]
  it.each<[{ name: string; nameTranslation: string | null }, ProgramLocale, ProgramLocale | null, string]>([
    [silver, 'de', null, 'Silber'],
    [silver, 'de', 'de', 'Silber'],
    [silver, 'de', 'en', 'Silver'],
    [untranslated, 'de', 'en', 'Platin'],
    [untranslated, 'de', 'de', 'Platin'],
    [english, 'en', null, 'Free shipping'],
    [english, 'en', 'en', 'Free shipping'],
    [english, 'en', 'de', 'Kostenloser Versand'],
    [{ name: 'Gold', nameTranslation: null }, 'en', 'de', 'Gold'],
  ])('%o in a %s program read in %s: %s', (item, namesLocale, language, expected) => {
    expect(nameIn(item, namesLocale, language)).toBe(expected);
  });

  it('withNamesIn changes only the names', () => {
    const tiers = [
      { id: 2, name: 'Silber', nameTranslation: 'Silver', threshold: 500 },
      { id: 4, name: 'Platin', nameTranslation: null, threshold: 5000 },
    ];
    expect(withNamesIn(tiers, 'de', 'en')).toEqual([
      { id: 2, name: 'Silver', nameTranslation: 'Silver', threshold: 500 },
      { id: 4, name: 'Platin', nameTranslation: null, threshold: 5000 },
    ]);
    expect(withNamesIn(tiers, 'de', null)).toEqual(tiers);
  });
});
