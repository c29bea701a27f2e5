import { describe, expect, it } from 'vitest';
import type { ProgramLocale } from '../program/default-program.js';
import { requestedLanguage } from './language.js';

describe('requestedLanguage (a value it cannot use reads as none: the contract\'s names)', () => {
  it.each<[string, ProgramLocale | null]>([
    ['', null],
    ['locale=de', 'de'],
    ['locale=de-CH', 'de'],
    ['locale=en', 'en'],
    ['locale=EN-gb', 'en'],
    ['locale=pt_BR', null],
    ['locale=fr', null],
    ['locale=zh-Hant-TW', null],
    ['locale=', null],
    ['locale=d', null],
    ['locale=de%0A', null],
    ['locale=../de', null],
    ['locale=de&locale=en', null],
  ])('%s → %o', (query, expected) => {
    expect(requestedLanguage(new URLSearchParams(query))).toEqual(expected);
  });
});
