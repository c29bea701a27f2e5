import { getVariableValues, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadAdminSchema } from '../shopify/admin-schema.js';
import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_CREATE, DRAFT_ORDER_STATE, DRAFT_ORDERS_SEARCH } from '../shopify/operations/draft-orders.js';
import { GIFT_ORDER_TAGS, giftDraftMarker, giftDraftOrderInput, giftDraftQuery } from './draft-order-input.js';

const schema = loadAdminSchema();

describe('the free-product gift’s draft order', () => {
  const gift = { recipientId: 314, customerId: '42', productVariantId: 'gid://shopify/ProductVariant/7', campaignName: 'Dankeschön' };
  const input = giftDraftOrderInput({ ...gift, customerLocale: 'de-AT', shopLocale: 'de' });

  it('words the discount in the customer\'s language (their order shows it) and the note in the shop\'s', () => {
    expect(input).toMatchObject({ appliedDiscount: { title: 'Überraschungsgeschenk', description: 'Dankeschön' }, note: 'Loyale-Überraschungsgeschenk: Dankeschön' });
    expect(giftDraftOrderInput({ ...gift, customerLocale: 'en-US', shopLocale: 'de' })).toMatchObject({
      appliedDiscount: { title: 'Surprise gift' },
      note: 'Loyale-Überraschungsgeschenk: Dankeschön',
    });
    expect(giftDraftOrderInput({ ...gift, customerLocale: null, shopLocale: 'en' })).toMatchObject({ appliedDiscount: { title: 'Surprise gift' }, note: 'Loyale surprise gift: Dankeschön' });
  });

  it('is the customer, the variant once and 100 % off', () => {
    expect(input).toMatchObject({
      purchasingEntity: { customerId: 'gid://shopify/Customer/42' },
      lineItems: [{ variantId: 'gid://shopify/ProductVariant/7', quantity: 1 }],
      appliedDiscount: { valueType: 'PERCENTAGE', value: 100 },
    });
  });

  it('carries the gift tags and the recipient’s marker, so a retry can find it', () => {
    expect(input.tags).toEqual([...GIFT_ORDER_TAGS, 'loyale-gift-314']);
  });

  it('coerces to the 2026-10 schema’s DraftOrderInput', () => {
    const coerced = getVariableValues(schema, DRAFT_ORDER_CREATE.definition.variableDefinitions ?? [], { input });
    expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
  });

  it.each([DRAFT_ORDER_CREATE, DRAFT_ORDER_COMPLETE, DRAFT_ORDER_STATE, DRAFT_ORDERS_SEARCH].map((op) => [op.name, op] as const))('%s is valid against the schema', (_name, op) => {
    expect(validate(schema, op.document).map((e) => e.message)).toEqual([]);
  });
});

describe('the recipient’s draft marker and its search', () => {
  it('is one tag per recipient, the same on every attempt, distinct between recipients', () => {
    expect(giftDraftMarker(314)).toBe('loyale-gift-314');
    expect(giftDraftMarker(314)).toBe(giftDraftMarker(314));
    expect(giftDraftMarker(31)).not.toBe(giftDraftMarker(314));
  });

  it('stays a short tag for any recipient id', () => {
    expect(giftDraftMarker(Number.MAX_SAFE_INTEGER).length).toBeLessThanOrEqual(40);
  });

  it('refuses what is not a recipient id (a marker must never be shared)', () => {
    for (const id of [0, -1, 1.5, Number.NaN]) expect(() => giftDraftMarker(id)).toThrow(/not a recipient id/);
  });

  it('searches the marker as one quoted tag value', () => {
    expect(giftDraftQuery(314)).toBe('tag:"loyale-gift-314"');
  });
});
