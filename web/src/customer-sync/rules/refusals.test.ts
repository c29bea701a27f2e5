import { describe, expect, it } from 'vitest';
import { isCustomerGone, metafieldsRefusals, refusalOf, type WriteUserError } from './refusals.js';

const ownerMissing = (i: number): WriteUserError => ({ field: ['metafields', String(i), 'ownerId'], message: 'Owner does not exist', code: 'INVALID', elementIndex: i });
const badValue = (i: number): WriteUserError => ({ field: ['metafields', String(i), 'value'], message: 'Value must be an integer', code: 'INVALID_VALUE', elementIndex: i });

describe('isCustomerGone', () => {
  it.each([
    ['tagsAdd on a deleted customer', { field: ['id'], message: 'Resource not found' }, true],
    ['tags: "does not exist" worded', { field: ['id'], message: 'Customer does not exist' }, true],
    ['tags: another refusal of the id', { field: ['id'], message: 'Too many tags' }, false],
    ['tags: a refused tag', { field: ['tags'], message: 'Tag is too long' }, false],
    ['metafieldsSet: the owner refused (INVALID)', ownerMissing(3), true],
    ['metafieldsSet: owner not found, another code', { field: ['metafields', '0', 'ownerId'], message: 'Owner not found', code: null, elementIndex: 0 }, true],
    ['metafieldsSet: the owner type not allowed', { field: ['metafields', '0', 'ownerId'], message: 'Owner type cannot be used', code: 'DISALLOWED_OWNER_TYPE', elementIndex: 0 }, false],
    ['metafieldsSet: a bad value', badValue(0), false],
    ['no field', { field: null, message: 'Resource not found' }, false],
  ])('%s', (_name, error, expected) => {
    expect(isCustomerGone(error)).toBe(expected);
  });
});

describe('refusalOf', () => {
  it.each([
    ['gone when one error says so', [{ field: ['id'], message: 'Resource not found' }, { field: ['id'], message: 'Resource not found' }], { gone: true, message: 'Resource not found; Resource not found' }],
    ['failed otherwise', [{ field: ['tags'], message: 'Tag is too long' }], { gone: false, message: 'Tag is too long' }],
  ])('%s', (_name, errors, expected) => {
    expect(refusalOf(errors)).toEqual(expected);
  });
});

describe('metafieldsRefusals', () => {
  // Three customers: inputs 0–2 are customer 0's, 3–4 customer 1's, 5–7 customer 2's.
  const customerOfInput = [0, 0, 0, 1, 1, 2, 2, 2];
  it.each([
    ['one customer deleted: only it is named, gone', [ownerMissing(3), ownerMissing(4)], [[1, { gone: true, message: 'Owner does not exist; Owner does not exist' }]]],
    ['a bad value: that customer failed, not gone', [badValue(6)], [[2, { gone: false, message: 'Value must be an integer' }]]],
    [
      'several customers named',
      [ownerMissing(0), badValue(7)],
      [
        [0, { gone: true, message: 'Owner does not exist' }],
        [2, { gone: false, message: 'Value must be an integer' }],
      ],
    ],
    ['an error without elementIndex: the whole call', [ownerMissing(0), { field: ['metafields'], message: 'Too many', code: 'LESS_THAN_OR_EQUAL_TO', elementIndex: null }], null],
    ['an elementIndex beyond the call: the whole call', [ownerMissing(8)], null],
    ['no errors at all: the whole call', [], null],
  ] as const)('%s', (_name, errors, expected) => {
    const refusals = metafieldsRefusals(errors, customerOfInput);
    expect(refusals === null ? null : [...refusals]).toEqual(expected);
  });
});
