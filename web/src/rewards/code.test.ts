import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, generateRedemptionCode, REDEMPTION_CODE_PATTERN } from './code.js';

describe('generateRedemptionCode', () => {
  it('has the form LOYALE-XXXX-XXXX from the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(generateRedemptionCode()).toMatch(REDEMPTION_CODE_PATTERN);
  });

  it('never uses characters that read alike', () => {
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL]/);
  });

  it('uses the random source for every character', () => {
    expect(generateRedemptionCode(() => 0)).toBe('LOYALE-AAAA-AAAA');
    expect(generateRedemptionCode((max) => max - 1)).toBe('LOYALE-9999-9999');
  });

  it('does not repeat in practice', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateRedemptionCode()));
    expect(codes.size).toBe(5000);
  });
});
