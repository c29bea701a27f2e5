import { describe, expect, it } from 'vitest';
import { canonicalDecimal, decimalSeparatorOf, decimalTextOrText, numberOrText } from '../../frontend/src/i18n/number-input.js';

/** The editors read numbers in the merchant's language: German `1.000,50`, English `1,000.50`; the rest goes to the server as typed. */
describe('numbers as merchants type them', () => {
  it.each([
    ['de', ','],
    ['en', '.'],
  ])('%s writes decimals with %s', (locale, separator) => {
    expect(decimalSeparatorOf(locale)).toBe(separator);
  });

  // [language, typed, read (null: not a number in that language)]
  it.each<['de' | 'en', string, string | null]>([
    ['de', '1.000', '1000'],
    ['de', '1.000,50', '1000.50'],
    ['de', '10,5', '10.5'],
    ['de', '1.234.567,891', '1234567.891'],
    ['de', ' 250 ', '250'],
    ['de', '-0,01', '-0.01'],
    ['de', ',5', '0.5'],
    ['de', '0,0125', '0.0125'],
    // A point where German has none: a grouping that is not one, or an English decimal. Not guessed.
    ['de', '10.5', null],
    ['de', '1.00', null],
    ['de', '1000.000', null],
    ['de', '1.000.5', null],
    ['de', '1,000,5', null],
    ['de', '1,5 €', null],
    ['de', '1e3', null],
    ['de', '', null],
    ['de', ',', null],
    ['de', '-', null],
    ['en', '1,000', '1000'],
    ['en', '1,000.50', '1000.50'],
    ['en', '10.5', '10.5'],
    ['en', '+7', '7'],
    ['en', '1.000', '1.000'],
    ['en', '10,5', null],
    ['en', '1,00', null],
    ['en', '1.000,50', null],
    ['en', 'ten', null],
  ])('%s: "%s" → %s', (locale, typed, read) => {
    expect(canonicalDecimal(typed, decimalSeparatorOf(locale))).toBe(read);
  });

  it.each<['de' | 'en', string, number | string | null]>([
    ['de', '1.000', 1000],
    ['de', '10,5', 10.5],
    ['de', '  ', null],
    ['de', '10.5', '10.5'],
    ['en', '1,000', 1000],
    ['en', '10,5', '10,5'],
  ])('numberOrText %s "%s" → %s', (locale, typed, sent) => {
    expect(numberOrText(typed, decimalSeparatorOf(locale))).toBe(sent);
  });

  it('keeps exact decimals as text, and anything else as typed (trimmed)', () => {
    expect(decimalTextOrText('1.000,10', ',')).toBe('1000.10');
    expect(decimalTextOrText(' 1,5 € ', ',')).toBe('1,5 €');
    expect(decimalTextOrText('0.01', '.')).toBe('0.01');
  });
});
