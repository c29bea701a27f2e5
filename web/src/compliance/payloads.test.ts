import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../loyalty/orders/errors.js';
import { parseCustomerDataRequest, parseCustomerRedact } from './payloads.js';

/** As JSON.parse reads a delivery's body, so numbers beyond 2^53 arrive rounded, as in production. */
const body = (json: string): unknown => JSON.parse(json);

describe('parseCustomerDataRequest', () => {
  it('reads the ids as strings, exactly (numbers up to 2^53, digit strings of any such size)', () => {
    const payload = body(
      '{"customer":{"id":9007199254740991},"orders_requested":[1,"9007199254740993"],"data_request":{"id":"99999999999999999999"}}',
    );
    expect(parseCustomerDataRequest(payload)).toEqual({
      customerId: '9007199254740991',
      requestId: '99999999999999999999',
      ordersRequested: ['1', '9007199254740993'],
    });
  });

  it('takes a request without request id or orders', () => {
    expect(parseCustomerDataRequest({ customer: { id: 7 } })).toEqual({ customerId: '7', requestId: null, ordersRequested: [] });
  });

  it.each<[string, string, string]>([
    ['a customer id beyond 2^53', '{"customer":{"id":9007199254740993}}', 'customer.id: is beyond 2^53 (precision lost)'],
    ['a request id beyond 2^53', '{"customer":{"id":7},"data_request":{"id":99999999999999999999}}', 'data_request.id: is beyond 2^53'],
    ['an order id beyond 2^53', '{"customer":{"id":7},"orders_requested":[1,9007199254740993]}', 'orders_requested.1: is beyond 2^53'],
    ['no customer id', '{"customer":{}}', 'customer.id'],
  ])('refuses %s as a poison payload', (_label, json, message) => {
    expect(() => parseCustomerDataRequest(body(json))).toThrow(InvalidPayloadError);
    expect(() => parseCustomerDataRequest(body(json))).toThrow(`invalid customers/data_request payload: ${message}`);
  });
});

describe('parseCustomerRedact', () => {
  it('reads the ids as strings', () => {
    expect(parseCustomerRedact(body('{"customer":{"id":501},"orders_to_redact":[9001,"9002"]}'))).toEqual({
      customerId: '501',
      ordersToRedact: ['9001', '9002'],
    });
  });

  it.each<[string, string, string]>([
    // Rounded, it would erase customer 9007199254740992 (somebody else) and keep the requester.
    ['a customer id beyond 2^53', '{"customer":{"id":9007199254740993}}', 'customer.id: is beyond 2^53 (precision lost)'],
    ['an order id beyond 2^53', '{"customer":{"id":7},"orders_to_redact":[9007199254740993]}', 'orders_to_redact.0: is beyond 2^53'],
    ['an id of more than 20 digits', `{"customer":{"id":"${'1'.repeat(21)}"}}`, 'customer.id: is not a numeric id'],
  ])('refuses %s as a poison payload', (_label, json, message) => {
    expect(() => parseCustomerRedact(body(json))).toThrow(InvalidPayloadError);
    expect(() => parseCustomerRedact(body(json))).toThrow(`invalid customers/redact payload: ${message}`);
  });
});
