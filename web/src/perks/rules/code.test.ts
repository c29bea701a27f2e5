import { describe, expect, it } from 'vitest';
import { PERK_CODE_PATTERN, perkGrantCode, type GrantKey } from './code.js';

const key: GrantKey = { shopId: 1, perkId: 2, memberId: 3, periodKey: '2026-11' };

describe('perkGrantCode', () => {
  it('is the same for the same grant (a retry finds the code it created)', () => {
    expect(perkGrantCode('secret', key)).toBe(perkGrantCode('secret', { ...key }));
  });

  it.each([
    ['another month', { ...key, periodKey: '2026-12' }],
    ['another member', { ...key, memberId: 4 }],
    ['another perk', { ...key, perkId: 5 }],
    ['another shop', { ...key, shopId: 9 }],
  ])('differs for %s', (_name, other) => {
    expect(perkGrantCode('secret', other)).not.toBe(perkGrantCode('secret', key));
  });

  it('depends on the secret (not guessable from the key alone)', () => {
    expect(perkGrantCode('other-secret', key)).not.toBe(perkGrantCode('secret', key));
  });

  it('has the perk code format, apart from redemption codes', () => {
    for (let member = 1; member <= 50; member++) {
      const code = perkGrantCode('secret', { ...key, memberId: member });
      expect(code).toMatch(PERK_CODE_PATTERN);
      expect(code.startsWith('LOYALE-')).toBe(false);
    }
  });
});
