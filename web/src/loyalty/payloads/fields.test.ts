import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../orders/errors.js';
import { amount, displayText, exactId, parsePayload, parseTime, resourceId, timestamp } from './fields.js';

const parse = (schema: z.ZodType, value: unknown) => () => parsePayload('test/topic', z.object({ field: schema }), { field: value });

describe('amount', () => {
  it.each<[string, unknown, string]>([
    ['a decimal string', '398.00', '398'],
    ['a JSON number', 19.99, '19.99'],
    ['zero', '0.00', '0'],
    ['negative zero', '-0', '0'],
    ['four decimal places', '1.2345', '1.2345'],
    ['trailing zeros beyond four places', '1.500000', '1.5'],
    ['a billion (an IDR or VND shop can sell for that)', '2147483648.00', '2147483648'],
    ['the largest amount taken', '99999999999999.9999', '99999999999999.9999'],
    ['a JSON number with binary noise, read to six places', 59.97000000000001, '59.97'],
    ['more decimal places than money has, exactly as sent (no rounding before the floor)', '100.99999', '100.99999'],
    ['twelve decimal places', '0.999999999999', '0.999999999999'],
    ['fourteen digits and twelve places (the most an amount has)', '12345678901234.123456789012', '12345678901234.123456789012'],
  ])('takes %s', (_label, value, expected) => {
    expect(parse(amount, value)()).toEqual({ field: expected });
  });

  it.each<[string, unknown, string]>([
    ['text', 'ten', 'is not a decimal amount'],
    ['a negative amount', '-3', 'is negative'],
    ['far above the largest amount', '99999999999999999.99', 'is above 99999999999999.9999'],
    ['a huge JSON number', 1e300, 'is above 99999999999999.9999'],
    ['just above the maximum', '100000000000000.0000', 'is above 99999999999999.9999'],
    ['just above the maximum, in the fifth place', '99999999999999.99991', 'is above 99999999999999.9999'],
    ['thirteen decimal places', '1.0000000000001', 'has more than 12 decimal places'],
  ])('refuses %s', (_label, value, message) => {
    expect(parse(amount, value)).toThrow(InvalidPayloadError);
    expect(parse(amount, value)).toThrow(`invalid test/topic payload: field: ${message}`);
  });
});

describe('timestamp', () => {
  it.each<[string, string, string]>([
    ['an ISO time with offset', '2026-03-01T12:00:00-05:00', '2026-03-01T17:00:00.000Z'],
    ['the earliest moment', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['the latest moment', '8999-12-31T23:59:59.999Z', '8999-12-31T23:59:59.999Z'],
  ])('takes %s', (_label, value, expected) => {
    expect((parse(timestamp, value)() as { field: Date }).field.toISOString()).toBe(expected);
    expect(parseTime(value)?.toISOString()).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['text', 'yesterday', 'is not a timestamp'],
    ['year 0 (Postgres refuses it)', '0000-01-01T00:00:00Z', 'is outside 1970 to 9000'],
    ['a negative year', '-000001-01-01T00:00:00Z', 'is outside 1970 to 9000'],
    ['the last moment JavaScript knows (a six-digit year)', '+275760-09-13T00:00:00Z', 'is outside 1970 to 9000'],
    ['a five-digit year', '10000-01-01', 'is outside 1970 to 9000'],
    ['a bare number read as a year', '99999', 'is outside 1970 to 9000'],
    ['before 1970', '1969-12-31T23:59:59.999Z', 'is outside 1970 to 9000'],
    ['the year 9000', '9000-01-01T00:00:00Z', 'is outside 1970 to 9000'],
  ])('refuses %s', (_label, value, message) => {
    expect(parse(timestamp, value)).toThrow(`invalid test/topic payload: field: ${message}`);
    expect(parseTime(value)).toBeNull();
  });
});

describe('ids', () => {
  it.each<[string, unknown, string]>([
    ['a safe number', 9007199254740991, '9007199254740991'],
    ['a string of digits', '9007199254740993', '9007199254740993'],
    ['a 20-digit string', '18446744073709551615', '18446744073709551615'],
  ])('exactId takes %s', (_label, value, expected) => {
    expect(parse(exactId, value)()).toEqual({ field: expected });
  });

  it.each<[string, unknown, string]>([
    ['a number beyond 2^53 (JSON.parse rounded 9007199254740993)', JSON.parse('9007199254740993'), 'is beyond 2^53 (precision lost)'],
    ['2^53 itself (what 2^53 + 1 rounds to)', 2 ** 53, 'is beyond 2^53 (precision lost)'],
    ['a 20-digit number', JSON.parse('99999999999999999999'), 'is beyond 2^53 (precision lost)'],
    ['a string of 21 digits', '1'.repeat(21), 'is not a numeric id (1 to 20 digits)'],
    ['a fraction', 1.5, 'is not an integer'],
  ])('exactId refuses %s', (_label, value, message) => {
    expect(parse(exactId, value)).toThrow(InvalidPayloadError);
    expect(parse(exactId, value)).toThrow(`invalid test/topic payload: field: ${message}`);
  });

  it.each<[string, number | string, string | null, string]>([
    ['the GraphQL id over a rounded number', 2 ** 53, 'gid://shopify/Order/9007199254740993', '9007199254740993'],
    ['the id when the GraphQL id has no numeric tail', 4711, 'gid://shopify/Order/x', '4711'],
    ['the id when the GraphQL id is too long to be one', 4711, `gid://shopify/Order/${'9'.repeat(8000)}`, '4711'],
  ])('resourceId takes %s', (_label, id, gid, expected) => {
    expect(resourceId('test/topic', 'id', id, gid)).toBe(expected);
  });

  it('resourceId refuses a rounded number without a GraphQL id to recover it', () => {
    expect(() => resourceId('test/topic', 'id', 2 ** 53, null)).toThrow('invalid test/topic payload: id: is beyond 2^53');
  });
});

describe('displayText', () => {
  it.each<[string, string, number, string]>([
    ['short text unchanged', 'Ada', 255, 'Ada'],
    ['text at the limit unchanged', 'x'.repeat(255), 255, 'x'.repeat(255)],
    ['longer text cut to the limit', 'y'.repeat(300_000), 255, 'y'.repeat(255)],
    ['a cut through a surrogate pair without its half', `ab${'😀'.repeat(3)}`, 5, 'ab😀'],
  ])('gives %s', (_label, value, max, expected) => {
    expect(parse(displayText(max), value)()).toEqual({ field: expected });
  });
});

describe('parsePayload', () => {
  const schema = z.object({ id: z.number() });

  it.each<[string, unknown, string]>([
    ['an array', [{ id: 1 }], 'is an array, not a JSON object'],
    ['null', null, 'is null, not a JSON object'],
    ['a string', '{"id": 1}', 'is a string, not a JSON object'],
    ['a number', 5, 'is a number, not a JSON object'],
    ['a boolean', false, 'is a boolean, not a JSON object'],
    ['undefined', undefined, 'is missing'],
  ])('refuses a payload that is %s, naming what it is', (_label, payload, problem) => {
    const parse = () => parsePayload('test/topic', schema, payload);
    expect(parse).toThrow(InvalidPayloadError);
    expect(parse).toThrow(new InvalidPayloadError(`invalid test/topic payload: payload: ${problem}`));
  });

  it('names the first bad field of an object', () => {
    expect(() => parsePayload('test/topic', schema, { id: 'x' })).toThrow(/^invalid test\/topic payload: id: /);
  });
});
