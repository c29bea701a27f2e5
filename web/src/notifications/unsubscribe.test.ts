import { describe, expect, it } from 'vitest';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe.js';

const SECRET = 'app-secret';
const subject = { shopDomain: 'demo.myshopify.com', customerId: '42' };

describe('unsubscribe tokens', () => {
  it('round-trips the subject', () => {
    expect(verifyUnsubscribeToken(unsubscribeToken(subject, SECRET), SECRET)).toEqual({ valid: true, subject });
  });

  const token = unsubscribeToken(subject, SECRET);
  const [payload, signature] = token.split('.') as [string, string];
  const otherCustomer = Buffer.from(JSON.stringify(['demo.myshopify.com', '43'])).toString('base64url');
  it.each([
    ['another secret', token, 'other-secret', 'bad_signature'],
    ['another customer with the old signature', `${otherCustomer}.${signature}`, SECRET, 'bad_signature'],
    ['a truncated signature', `${payload}.${signature.slice(0, -2)}`, SECRET, 'bad_signature'],
    ['no signature', payload, SECRET, 'malformed'],
    ['an empty token', '', SECRET, 'malformed'],
    ['three parts', `${token}.x`, SECRET, 'malformed'],
  ])('refuses %s', (_name, given, secret, reason) => {
    expect(verifyUnsubscribeToken(given, secret)).toEqual({ valid: false, reason });
  });
});
