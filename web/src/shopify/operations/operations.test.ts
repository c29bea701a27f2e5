import { getVariableValues, NoDeprecatedCustomRule, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { RewardRecord } from '../../program/repository.js';
import { discountMutationFor } from '../../rewards/discount-input.js';
import { rewardRecord } from '../../rewards/test-rewards.js';
import { loadAdminSchema } from '../admin-schema.js';
import { DISCOUNT_CODE_BASIC_CREATE, DISCOUNT_CODE_FREE_SHIPPING_CREATE } from './discounts.js';
import { ALL_OPERATIONS } from './index.js';
import { fragment, graphql } from './operation.js';

const schema = loadAdminSchema();

describe('every Admin GraphQL operation the app sends', () => {
  it.each(ALL_OPERATIONS.map((op) => [op.name, op] as const))('%s is valid against the 2026-10 Admin schema, without deprecated fields', (_name, op) => {
    expect(validate(schema, op.document, [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });

  it('the validation can fail (a wrong field is caught)', () => {
    const wrong = graphql<unknown>`
      query Wrong {
        shop {
          currency
        }
      }
    `;
    expect(validate(schema, wrong.document)).not.toHaveLength(0);
  });

  it('fragments are spliced in and validated with the operation; anything else is refused', () => {
    const fields = fragment`
      fragment ShopName on Shop {
        name
      }
    `;
    const op = graphql<unknown>`
      query WithFragment {
        shop {
          ...ShopName
        }
      }
      ${fields}
    `;
    expect(op.name).toBe('WithFragment');
    expect(op.source).toContain('fragment ShopName on Shop');
    expect(validate(schema, op.document)).toEqual([]);
    expect(() => graphql(Object.assign(['query A { shop { name } }', ''], { raw: [] }), 'x' as never)).toThrow(/fragments only/);
    expect(() => fragment`query A { shop { name } }`).toThrow(/exactly one named fragment/);
  });

  it('operation names are unique', () => {
    const names = ALL_OPERATIONS.map((op) => op.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

const baseReward = rewardRecord({ name: 'Reward', cost: 100 });

/** [name, reward, the unit price the platform states for a free product when its code is issued]. */
const rewards: [string, RewardRecord, string?][] = [
  ['free shipping', { ...baseReward, kind: 'free_shipping' }],
  ['free shipping with a minimum subtotal', { ...baseReward, kind: 'free_shipping', minimumSubtotal: '25' }],
  ['percentage off', { ...baseReward, kind: 'percentage_off', value: '0.1' }],
  ['amount off', { ...baseReward, kind: 'amount_off', value: '5', minimumSubtotal: '30.5' }],
  ['free product', { ...baseReward, kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/7' }, '14.00'],
  ['free product in a three-decimal currency', { ...baseReward, kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/7' }, '4.125'],
  [
    'free product, not combining, with a minimum subtotal',
    { ...baseReward, kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/7', combinesWithOtherDiscounts: false, minimumSubtotal: '20' },
    '9.9',
  ],
  ['amount off, not combining', { ...baseReward, kind: 'amount_off', value: '5', combinesWithOtherDiscounts: false }],
];

describe('the redemption inputs coerce to the schema types', () => {
  it.each(rewards)('%s', (_name, reward, unitPrice) => {
    const mutation = discountMutationFor(reward, {
      code: 'LOYALE-ABCD-EFGH',
      customerId: '42',
      startsAt: new Date('2026-11-23T10:00:00Z'),
      endsAt: new Date('2027-02-21T10:00:00Z'),
      unitPrice,
    });
    expect(mutation).not.toBeNull();
    const op = mutation?.operation === 'discountCodeFreeShippingCreate' ? DISCOUNT_CODE_FREE_SHIPPING_CREATE : DISCOUNT_CODE_BASIC_CREATE;
    const coerced = getVariableValues(schema, op.definition.variableDefinitions ?? [], { input: mutation?.input });
    expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
  });

  it('a wrong input field is caught', () => {
    const coerced = getVariableValues(schema, DISCOUNT_CODE_BASIC_CREATE.definition.variableDefinitions ?? [], {
      input: { code: 'X', customerSelection: undefined, customers: { add: [] } },
    });
    expect(coerced.errors?.length).toBeGreaterThan(0);
  });
});
