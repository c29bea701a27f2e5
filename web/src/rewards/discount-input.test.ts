import { describe, expect, it } from 'vitest';
import type { RewardRecord } from '../program/repository.js';
import { discountMutationFor } from './discount-input.js';

const reward = (overrides: Partial<RewardRecord>): RewardRecord => ({
  id: 1,
  key: null,
  name: 'Free shipping',
  kind: 'free_shipping',
  cost: 300,
  value: null,
  active: true,
  validityDays: 90,
  minimumSubtotal: null,
  productVariantId: null,
  ...overrides,
});

const request = {
  code: 'LOYALE-ABCD-EFGH',
  customerId: '42',
  startsAt: new Date('2026-11-23T10:00:00.000Z'),
  endsAt: new Date('2027-02-21T10:00:00.000Z'),
};

const common = {
  code: 'LOYALE-ABCD-EFGH',
  startsAt: '2026-11-23T10:00:00.000Z',
  endsAt: '2027-02-21T10:00:00.000Z',
  usageLimit: 1,
  appliesOncePerCustomer: true,
  context: { customers: { add: ['gid://shopify/Customer/42'] } },
};

describe('discountMutationFor', () => {
  it('free shipping → discountCodeFreeShippingCreate, single use, bound to the customer', () => {
    const mutation = discountMutationFor(reward({}), request);
    expect(mutation?.operation).toBe('discountCodeFreeShippingCreate');
    expect(mutation?.input).toMatchObject({ ...common, destination: { all: true } });
    expect(mutation?.input).not.toHaveProperty('minimumRequirement');
  });

  it('10 % off → discountCodeBasicCreate with percentage 0.1 on all items', () => {
    const mutation = discountMutationFor(reward({ kind: 'percentage_off', value: '0.1', name: '10% off' }), request);
    expect(mutation?.operation).toBe('discountCodeBasicCreate');
    expect(mutation?.input).toMatchObject({ ...common, customerGets: { value: { percentage: 0.1 }, items: { all: true } } });
  });

  it('amount off → discountAmount once per order, with the minimum subtotal', () => {
    const mutation = discountMutationFor(reward({ kind: 'amount_off', value: '5', minimumSubtotal: '30' }), request);
    expect(mutation?.input).toMatchObject({
      customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '30.00' } },
    });
  });

  it('free product → 100 % off the variant', () => {
    const mutation = discountMutationFor(reward({ kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/9' }), request);
    expect(mutation?.input).toMatchObject({
      customerGets: { value: { percentage: 1 }, items: { products: { productVariantsToAdd: ['gid://shopify/ProductVariant/9'] } } },
    });
  });

  it.each<[string, Partial<RewardRecord>]>([
    ['percentage without value', { kind: 'percentage_off', value: null }],
    ['percentage above 100 %', { kind: 'percentage_off', value: '1.5' }],
    ['zero amount', { kind: 'amount_off', value: '0' }],
    ['free product without variant', { kind: 'free_product' }],
  ])('refuses a reward that cannot be issued: %s', (_name, overrides) => {
    expect(discountMutationFor(reward(overrides), request)).toBeNull();
  });
});
