import { getVariableValues, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadAdminSchema } from '../shopify/admin-schema.js';
import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_CREATE, DRAFT_ORDER_STATE } from '../shopify/operations/draft-orders.js';
import { giftDraftOrderInput } from './draft-order-input.js';

const schema = loadAdminSchema();

describe('the free-product gift’s draft order', () => {
  const input = giftDraftOrderInput({ customerId: '42', productVariantId: 'gid://shopify/ProductVariant/7', campaignName: 'Dankeschön' });

  it('is the customer, the variant once and 100 % off', () => {
    expect(input).toMatchObject({
      purchasingEntity: { customerId: 'gid://shopify/Customer/42' },
      lineItems: [{ variantId: 'gid://shopify/ProductVariant/7', quantity: 1 }],
      appliedDiscount: { valueType: 'PERCENTAGE', value: 100 },
    });
  });

  it('coerces to the 2026-10 schema’s DraftOrderInput', () => {
    const coerced = getVariableValues(schema, DRAFT_ORDER_CREATE.definition.variableDefinitions ?? [], { input });
    expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
  });

  it.each([DRAFT_ORDER_CREATE, DRAFT_ORDER_COMPLETE, DRAFT_ORDER_STATE].map((op) => [op.name, op] as const))('%s is valid against the schema', (_name, op) => {
    expect(validate(schema, op.document).map((e) => e.message)).toEqual([]);
  });
});
