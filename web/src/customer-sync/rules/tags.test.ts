import { describe, expect, it } from 'vitest';
import { slugify, tierTag } from './tags.js';

describe('tierTag', () => {
  it.each([
    ['a default tier: its key, also in a German shop', { id: 2, key: 'silver', name: 'Silber' }, 'loyale-tier-silver'],
    ['a default tier renamed by the merchant keeps its key', { id: 3, key: 'gold', name: 'Premium' }, 'loyale-tier-gold'],
    ['a merchant tier: the slug of its name', { id: 4, key: null, name: 'Platin' }, 'loyale-tier-platin'],
    ['words joined by hyphens', { id: 5, key: null, name: '  VIP  Club ' }, 'loyale-tier-vip-club'],
    ['umlauts and ß spelled out in ASCII', { id: 6, key: null, name: 'Über-Straße' }, 'loyale-tier-uber-strasse'],
    ['accents dropped', { id: 7, key: null, name: 'Élite Café' }, 'loyale-tier-elite-cafe'],
    ['nothing left of the name: the id', { id: 8, key: null, name: '⭐⭐⭐' }, 'loyale-tier-8'],
    ['a long name is cut at 40 characters', { id: 9, key: null, name: 'a'.repeat(60) }, `loyale-tier-${'a'.repeat(40)}`],
  ])('%s', (_name, tier, expected) => {
    expect(tierTag(tier)).toBe(expected);
  });
});

describe('slugify', () => {
  it.each([
    ['Gold', 'gold'],
    ['Gold 2026!', 'gold-2026'],
    ['--a--b--', 'a-b'],
    ['', ''],
  ])('%s → %s', (name, expected) => {
    expect(slugify(name)).toBe(expected);
  });
});
