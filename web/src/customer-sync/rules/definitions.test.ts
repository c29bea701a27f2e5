import { describe, expect, it } from 'vitest';
import { customerMetafieldDefinitions, isAlreadyDefined } from './definitions.js';
import { METAFIELD_NAMESPACE, planCustomerSync } from './plan.js';

describe('customerMetafieldDefinitions', () => {
  it.each([
    ['de', ['Treuepunkte', 'Treuestufe', 'Punkte bis zur nächsten Stufe']],
    ['en', ['Loyalty points', 'Loyalty tier', 'Points to next tier']],
  ] as const)('%s: named in the shop language, app-owned, merchant-readable, pinned', (locale, names) => {
    const definitions = customerMetafieldDefinitions(locale);
    expect(definitions.map((d) => d.name)).toEqual(names);
    for (const d of definitions) {
      expect(d).toMatchObject({ namespace: '$app', ownerType: 'CUSTOMER', access: { admin: 'MERCHANT_READ' }, pin: true });
      expect(d.description.length).toBeGreaterThan(10);
    }
  });

  it('defines exactly the metafields the sync writes, with their types and namespace', () => {
    const written = planCustomerSync(null, { tierTag: 't', tierName: 'Gold', points: 1, pointsToNextTier: 0 }, []).metafields;
    expect(customerMetafieldDefinitions('en').map((d) => [d.namespace, d.key, d.type])).toEqual(
      written.map((m) => [METAFIELD_NAMESPACE, m.key, m.type]),
    );
  });
});

describe('isAlreadyDefined', () => {
  it.each([
    [[{ code: 'TAKEN' }], true],
    [[{ code: 'TAKEN' }, { code: 'TAKEN' }], true],
    [[{ code: 'TAKEN' }, { code: 'PINNED_LIMIT_REACHED' }], false],
    [[{ code: 'INVALID' }], false],
    [[{ code: null }], false],
    [[], false],
  ])('%j → %s', (errors, expected) => {
    expect(isAlreadyDefined(errors)).toBe(expected);
  });
});
