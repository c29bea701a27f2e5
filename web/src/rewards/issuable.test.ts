import { describe, expect, it } from 'vitest';
import type { RewardRecord } from '../program/repository.js';
import { discountMutationFor } from './discount-input.js';
import { canIssue, issueBlocker, type IssueBlocker } from './issuable.js';
import { rewardRecord as reward } from './test-rewards.js';

const VARIANT = 'gid://shopify/ProductVariant/46100000000001';
/** With the unit price the platform states for a free product when its code is issued (ignored by other kinds). */
const request = {
  code: 'LOY-TEST',
  customerId: '1',
  startsAt: new Date('2026-11-01T00:00:00Z'),
  endsAt: new Date('2026-12-01T00:00:00Z'),
  unitPrice: '14.00',
};

describe('canIssue', () => {
  it.each<[string, Partial<RewardRecord>, boolean]>([
    ['free shipping', { kind: 'free_shipping', value: null }, true],
    ['10 % off', { kind: 'percentage_off', value: '0.1' }, true],
    ['100 % off', { kind: 'percentage_off', value: '1' }, true],
    ['percentage without value', { kind: 'percentage_off', value: null }, false],
    ['percentage above 100 %', { kind: 'percentage_off', value: '1.5' }, false],
    ['5 off', { kind: 'amount_off', value: '5' }, true],
    ['zero amount', { kind: 'amount_off', value: '0' }, false],
    ['free product with its variant', { kind: 'free_product', value: null, productVariantId: VARIANT }, true],
    ['free product without variant', { kind: 'free_product', value: null, productVariantId: null }, false],
  ])('%s → %s, as discountMutationFor decides', (_name, overrides, expected) => {
    expect(canIssue(reward(overrides))).toBe(expected);
    expect(discountMutationFor(reward(overrides), request) !== null).toBe(expected);
  });

  it.each<[string, Partial<RewardRecord>, IssueBlocker | null]>([
    ['free product with its variant', { kind: 'free_product', productVariantId: VARIANT }, null],
    ['free product without variant', { kind: 'free_product', productVariantId: null }, 'not_configured'],
    ['free product whose product was deleted', { kind: 'free_product', productVariantId: VARIANT, productMissingAt: new Date() }, 'product_missing'],
    ['zero amount', { kind: 'amount_off', value: '0' }, 'not_configured'],
  ])('issueBlocker: %s → %s', (_name, overrides, blocker) => {
    expect(issueBlocker(reward(overrides))).toBe(blocker);
    expect(canIssue(reward(overrides))).toBe(blocker === null);
  });

  it('a free product is issuable as configured, yet gets no code without a unit price from the platform', () => {
    const freeProduct = reward({ kind: 'free_product', productVariantId: VARIANT });
    expect(canIssue(freeProduct)).toBe(true);
    expect(discountMutationFor(freeProduct, { ...request, unitPrice: undefined })).toBeNull();
  });
});
