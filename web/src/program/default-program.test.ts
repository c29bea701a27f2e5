import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARDS, DEFAULT_TIERS, programLocaleFor } from './default-program.js';

describe('programLocaleFor', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de_CH', 'de'],
    ['DE', 'de'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ])('%s → %s', (input, expected) => {
    expect(programLocaleFor(input)).toBe(expected);
  });
});

describe('the default program', () => {
  it('has the contract tiers in both languages', () => {
    expect(DEFAULT_TIERS.map((t) => [t.names.en, t.names.de, t.threshold, t.multiplier])).toEqual([
      ['Bronze', 'Bronze', 0, '1'],
      ['Silver', 'Silber', 500, '1.25'],
      ['Gold', 'Gold', 2000, '1.5'],
    ]);
  });
  it('has the contract rewards in both languages', () => {
    expect(DEFAULT_REWARDS.map((r) => [r.names.en, r.names.de, r.kind, r.cost, r.value])).toEqual([
      ['Free shipping', 'Kostenloser Versand', 'free_shipping', 300, null],
      ['10% off', '10 % Rabatt', 'percentage_off', 500, '0.1'],
    ]);
  });
});
