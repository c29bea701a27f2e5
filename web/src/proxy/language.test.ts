import { describe, expect, it } from 'vitest';
import { requestedLanguage, type RequestedLanguage } from './language.js';

describe('requestedLanguage', () => {
  it.each<[string, RequestedLanguage]>([
    ['', { ok: true, language: null }],
    ['locale=de', { ok: true, language: 'de' }],
    ['locale=de-CH', { ok: true, language: 'de' }],
    ['locale=en', { ok: true, language: 'en' }],
    ['locale=EN-gb', { ok: true, language: 'en' }],
    ['locale=pt_BR', { ok: true, language: null }],
    ['locale=fr', { ok: true, language: null }],
    ['locale=zh-Hant-TW', { ok: true, language: null }],
    ['locale=', { ok: false }],
    ['locale=d', { ok: false }],
    ['locale=de%0A', { ok: false }],
    ['locale=../de', { ok: false }],
    ['locale=de&locale=en', { ok: false }],
  ])('%s → %o', (query, expected) => {
    expect(requestedLanguage(new URLSearchParams(query))).toEqual(expected);
  });
});
