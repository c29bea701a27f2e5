import { describe, expect, it } from 'vitest';
import type { RewardRecord } from '../program/repository.js';
import { discountMutationFor, unitPriceAmount } from './discount-input.js';
import { rewardRecord as reward } from './test-rewards.js';

const request = {
  code: 'LOYALE-ABCD-EFGH',
  customerId: '42',
  startsAt: new Date('2026-11-23T10:00:00.000Z'),
  endsAt: new Date('2027-02-21T10:00:00.000Z'),
  // The variant's price as the platform states it when the code is issued; only a free product reads it.
  unitPrice: '14.0',
};

/** What every code has, whatever the reward: single use, bound to the customer, valid for the requested window. */
const common = {
  code: 'LOYALE-ABCD-EFGH',
  startsAt: '2026-11-23T10:00:00.000Z',
  endsAt: '2027-02-21T10:00:00.000Z',
  usageLimit: 1,
  appliesOncePerCustomer: true,
  context: { customers: { add: ['gid://shopify/Customer/42'] } },
};

const VARIANT = 'gid://shopify/ProductVariant/46100000000001';
const NOTHING = { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false };

/** The kinds as merchants configure them, and the customerGets / destination each must produce. */
const KINDS: [string, Partial<RewardRecord>, string, Record<string, unknown>, Record<string, boolean>][] = [
  ['free shipping', { kind: 'free_shipping' }, 'discountCodeFreeShippingCreate', { destination: { all: true } }, {
    orderDiscounts: true, productDiscounts: true, shippingDiscounts: false,
  }],
  ['10 % off', { kind: 'percentage_off', value: '0.1' }, 'discountCodeBasicCreate', {
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
  }, { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true }],
  ['5 € off', { kind: 'amount_off', value: '5' }, 'discountCodeBasicCreate', {
    customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } }, items: { all: true } },
  }, { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true }],
  ['a free product', { kind: 'free_product', productVariantId: VARIANT }, 'discountCodeBasicCreate', {
    customerGets: { value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [VARIANT] } } },
  }, { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true }],
];

/** Options on top of each kind: [name, reward fields, what the input must then have, what it must not have]. */
const OPTIONS: [string, Partial<RewardRecord>, (combines: Record<string, boolean>) => Record<string, unknown>, string | null][] = [
  ['defaults (combining, no minimum)', {}, (combines) => ({ combinesWith: combines }), 'minimumRequirement'],
  ['not combining', { combinesWithOtherDiscounts: false }, () => ({ combinesWith: NOTHING }), null],
  ['a minimum subtotal of 30.5', { minimumSubtotal: '30.5' }, () => ({
    minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '30.50' } },
  }), null],
  ['a tier restriction (not part of the code)', { minimumTierId: 3 }, (combines) => ({ combinesWith: combines }), 'minimumRequirement'],
];

describe('discountMutationFor: each kind × each option', () => {
  const cases = KINDS.flatMap(([kind, fields, operation, specific, combines]) =>
    OPTIONS.map(([option, extra, expected, absent]) => [`${kind}, ${option}`, { ...fields, ...extra }, operation, specific, expected(combines), absent] as const),
  );

  it.each(cases)('%s', (_name, fields, operation, specific, expected, absent) => {
    const mutation = discountMutationFor(reward(fields), request);
    expect(mutation?.operation).toBe(operation);
    expect(mutation?.input).toMatchObject({ ...common, ...specific, ...expected });
    expect(mutation?.input.title).toMatch(/LOYALE-ABCD-EFGH/);
    if (absent) expect(mutation?.input).not.toHaveProperty(absent);
  });

  it('the exact input of a free product that does not combine, with a minimum subtotal', () => {
    const mutation = discountMutationFor(
      reward({ kind: 'free_product', name: 'Free mug', productVariantId: VARIANT, combinesWithOtherDiscounts: false, minimumSubtotal: '25' }),
      request,
    );
    expect(mutation).toEqual({
      operation: 'discountCodeBasicCreate',
      input: {
        title: 'Loyale: Free mug (LOYALE-ABCD-EFGH)',
        ...common,
        combinesWith: NOTHING,
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '25.00' } },
        customerGets: {
          value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } },
          items: { products: { productVariantsToAdd: [VARIANT] } },
        },
      },
    });
  });

  it.each<[string, string, string]>([
    ['a whole price', '14', '14.00'],
    ['the platform\'s one decimal', '9.9', '9.90'],
    ['two decimals', '24.00', '24.00'],
    ['a three-decimal currency, not rounded', '4.125', '4.125'],
    ['trailing zeros beyond two places', '14.000', '14.00'],
    ['a zero-decimal currency', '1500', '1500.00'],
  ])('a free product takes exactly one unit\'s price off: %s (%s → %s)', (_name, unitPrice, amount) => {
    const mutation = discountMutationFor(reward({ kind: 'free_product', productVariantId: VARIANT }), { ...request, unitPrice });
    expect(mutation?.input).toMatchObject({
      customerGets: { value: { discountAmount: { amount, appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [VARIANT] } } },
    });
    expect(JSON.stringify(mutation)).not.toContain('percentage');
  });

  it.each<[string, Partial<RewardRecord>]>([
    ['percentage without value', { kind: 'percentage_off', value: null }],
    ['percentage above 100 %', { kind: 'percentage_off', value: '1.5' }],
    ['zero amount', { kind: 'amount_off', value: '0' }],
    ['free product without variant', { kind: 'free_product' }],
  ])('refuses a reward that cannot be issued: %s', (_name, overrides) => {
    expect(discountMutationFor(reward(overrides), request)).toBeNull();
  });

  it.each<[string, string | null | undefined]>([
    ['no price read', undefined],
    ['no price', null],
    ['a zero price', '0.00'],
    ['a negative price', '-4.00'],
    ['not a decimal', 'abc'],
    ['an exponent', '1e3'],
    ['empty', ''],
  ])('never issues a free product without one unit\'s price (no 100 % fallback): %s', (_name, unitPrice) => {
    expect(discountMutationFor(reward({ kind: 'free_product', productVariantId: VARIANT }), { ...request, unitPrice })).toBeNull();
  });
});

describe('unitPriceAmount', () => {
  it.each<[string | null | undefined, string | null]>([
    ['14.0', '14.00'],
    [' 8.90 ', '8.90'],
    ['4.125', '4.125'],
    ['0.01', '0.01'],
    ['0', null],
    ['-1', null],
    ['1,50', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (price, expected) => {
    expect(unitPriceAmount(price)).toBe(expected);
  });
});
