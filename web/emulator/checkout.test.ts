import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { codeDiscountOnLines } from './checkout.js';

const MUG = 'gid://shopify/ProductVariant/1';
const BEANS = 'gid://shopify/ProductVariant/2';
const line = (variantId: string, unitPrice: string, quantity: number) => ({ variantId, unitPrice: new Decimal(unitPrice), quantity });
const basic = (customerGets: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  mutation: 'discountCodeBasicCreate' as const,
  input: { customerGets, ...extra },
});
const ON_MUGS = { products: { productVariantsToAdd: [MUG] } };

describe('codeDiscountOnLines: what a basic code takes off a cart', () => {
  it.each<[string, ReturnType<typeof basic>, ReturnType<typeof line>[], string]>([
    ["one mug's price, one mug", basic({ value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } }, items: ON_MUGS }), [line(MUG, '14.00', 1)], '14.00'],
    ["one mug's price, ten mugs: one unit only", basic({ value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } }, items: ON_MUGS }), [line(MUG, '14.00', 10)], '14.00'],
    ['capped at the entitled lines (a cheaper mug now)', basic({ value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } }, items: ON_MUGS }), [line(MUG, '9.00', 1), line(BEANS, '8.90', 3)], '9.00'],
    ['not on other products', basic({ value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } }, items: ON_MUGS }), [line(BEANS, '8.90', 3)], '0.00'],
    ['on each item: per unit', basic({ value: { discountAmount: { amount: '2.00', appliesOnEachItem: true } }, items: ON_MUGS }), [line(MUG, '14.00', 3)], '6.00'],
    ['100 % of a variant: every unit (why free products are no percentage)', basic({ value: { percentage: 1 }, items: ON_MUGS }), [line(MUG, '14.00', 10)], '140.00'],
    ['10 % of the order, rounded to cents', basic({ value: { percentage: 0.1 }, items: { all: true } }), [line(MUG, '14.00', 1), line(BEANS, '8.95', 1)], '2.30'],
    ['5.00 off the order', basic({ value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } }, items: { all: true } }), [line(BEANS, '3.00', 1)], '3.00'],
    ['below the minimum subtotal: nothing', basic({ value: { percentage: 0.1 }, items: { all: true } }, { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '30.00' } } }), [line(MUG, '14.00', 2)], '0.00'],
  ])('%s', (_name, discount, lines, expected) => {
    expect(codeDiscountOnLines(discount, lines).toFixed(2)).toBe(expected);
  });

  it('a free-shipping code takes nothing off the lines', () => {
    expect(codeDiscountOnLines({ mutation: 'discountCodeFreeShippingCreate', input: { destination: { all: true } } }, [line(MUG, '14.00', 1)]).toFixed(2)).toBe('0.00');
  });
});
