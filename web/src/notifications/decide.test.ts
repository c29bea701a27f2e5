import { describe, expect, it } from 'vitest';
import { retryDelayMs, skipReason } from './decide.js';

const ok = { shopUninstalled: false, kindEnabled: true, unsubscribed: false, email: 'anna@example.com' };

describe('skipReason', () => {
  it.each([
    ['a member with an address, kind on, SMTP configured', ok, true, null],
    ['the shop uninstalled the app', { ...ok, shopUninstalled: true }, true, 'shop_uninstalled'],
    ['the kind is switched off', { ...ok, kindEnabled: false }, true, 'kind_disabled'],
    ['the customer unsubscribed', { ...ok, unsubscribed: true }, true, 'unsubscribed'],
    ['no email address', { ...ok, email: null }, true, 'no_email'],
    ['an empty email address', { ...ok, email: '' }, true, 'no_email'],
    ['something that is not an address', { ...ok, email: 'anna at example.com' }, true, 'no_email'],
    ['no SMTP server', ok, false, 'smtp_not_configured'],
    // The merchant's and the customer's choices are reported before the missing server.
    ['kind off and no SMTP server', { ...ok, kindEnabled: false }, false, 'kind_disabled'],
    ['unsubscribed and no address', { ...ok, unsubscribed: true, email: null }, true, 'unsubscribed'],
  ] as const)('%s → %s', (_name, row, canSend, expected) => {
    expect(skipReason(row, canSend)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 1000, 1000],
    [2, 1000, 2000],
    [3, 1000, 4000],
    [5, 30_000, 480_000],
    [20, 30_000, 3_600_000],
  ])('after attempt %i with base %i → %i ms', (attempts, base, expected) => {
    expect(retryDelayMs(attempts, base)).toBe(expected);
  });
});
