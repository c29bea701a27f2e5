import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../../loyalty/orders/errors.js';
import { parseProductDeleted, parseProductUpdated } from './payloads.js';

const P = 'gid://shopify/Product/';
const V = 'gid://shopify/ProductVariant/';

describe('parseProductDeleted', () => {
  it.each([
    ['a JSON number', { id: 8800000000009 }, `${P}8800000000009`],
    ['a string of digits', { id: '8800000000009' }, `${P}8800000000009`],
    ['extra fields', { id: 7, title: 'ignored' }, `${P}7`],
  ])('%s', (_name, payload, productId) => {
    expect(parseProductDeleted(payload)).toEqual({ productId, variantIds: null, updatedAt: null });
  });

  it.each([
    ['no id', {}, 'id'],
    ['a non-numeric id', { id: 'gid://shopify/Product/7' }, 'id'],
    ['an id beyond 2^53', { id: 2 ** 60 }, 'beyond 2^53'],
    ['not an object', [], 'payload'],
  ])('refuses %s (a poison event)', (_name, payload, message) => {
    expect(() => parseProductDeleted(payload)).toThrow(InvalidPayloadError);
    expect(() => parseProductDeleted(payload)).toThrow(message);
  });
});

describe('parseProductUpdated', () => {
  it.each([
    [
      'the variants it has now',
      { id: 7, updated_at: '2026-12-06T10:00:00Z', variants: [{ id: 70 }, { id: '71' }] },
      { productId: `${P}7`, variantIds: new Set([`${V}70`, `${V}71`]), updatedAt: new Date('2026-12-06T10:00:00Z') },
    ],
    ['no variant left, no updated_at', { id: 7, variants: [] }, { productId: `${P}7`, variantIds: new Set(), updatedAt: null }],
    [
      'ids beyond 2^53 exact through admin_graphql_api_id',
      { id: 2 ** 60, admin_graphql_api_id: `${P}1152921504606846977`, variants: [{ id: 2 ** 60, admin_graphql_api_id: `${V}1152921504606846979` }] },
      { productId: `${P}1152921504606846977`, variantIds: new Set([`${V}1152921504606846979`]), updatedAt: null },
    ],
  ])('%s', (_name, payload, change) => {
    expect(parseProductUpdated(payload)).toEqual(change);
  });

  it.each([
    ['no variants', { id: 7 }, 'variants'],
    ['a variant without id', { id: 7, variants: [{ title: 'x' }] }, 'variants.0.id'],
    ['a bad updated_at', { id: 7, updated_at: 'yesterday', variants: [] }, 'updated_at'],
  ])('refuses %s (a poison event)', (_name, payload, field) => {
    expect(() => parseProductUpdated(payload)).toThrow(InvalidPayloadError);
    expect(() => parseProductUpdated(payload)).toThrow(field);
  });
});
