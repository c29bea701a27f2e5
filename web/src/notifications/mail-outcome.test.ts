import { describe, expect, it } from 'vitest';
import type { MailStatus } from './mail-log-repository.js';
import { mailOutcomeDetail, mailOutcomeTotals } from './mail-outcome.js';

describe('mailOutcomeDetail', () => {
  type Row = Parameters<typeof mailOutcomeDetail>[0];
  const row = (status: MailStatus, error: string | null, errorCode: string | null = null, attempts = 1): Row => ({ status, error, errorCode, attempts });
  const none = { skipReason: null, failureReason: null, detail: null, gaveUpAfter: null };
  it.each<[string, Row, ReturnType<typeof mailOutcomeDetail>]>([
    ['sent', row('sent', null), none],
    ['sent after a failed attempt (the sender clears the error; nothing to say anyway)', row('sent', 'Connection timeout', 'timeout', 2), none],
    ['skipped with a known code', row('skipped', 'unsubscribed', null, 0), { ...none, skipReason: 'unsubscribed' }],
    ['skipped: every code', row('skipped', 'smtp_not_configured', null, 0), { ...none, skipReason: 'smtp_not_configured' }],
    ['skipped with text of no known code: the text', row('skipped', 'paused by support', null, 0), { ...none, detail: 'paused by support' }],
    [
      'failed: the recipient refused for good at once, the server’s answer as the detail',
      row('failed', '550 5.1.1 <kim@example.com>: Recipient address rejected', 'recipient_refused'),
      { ...none, failureReason: 'recipient_refused', detail: '550 5.1.1 <kim@example.com>: Recipient address rejected' },
    ],
    [
      'failed: refused for good after earlier attempts the server deferred (not given up)',
      row('failed', '554 5.7.1 rejected as spam', 'message_refused', 3),
      { ...none, failureReason: 'message_refused', detail: '554 5.7.1 rejected as spam' },
    ],
    [
      'failed: a login refused on every attempt, given up',
      row('failed', '535 Invalid username or password', 'auth_failed', 20),
      { ...none, failureReason: 'auth_failed', detail: '535 Invalid username or password', gaveUpAfter: 20 },
    ],
    [
      'failed: unreachable, given up after a single allowed attempt',
      row('failed', 'connect ECONNREFUSED 127.0.0.1:1', 'server_unreachable', 1),
      { ...none, failureReason: 'server_unreachable', detail: 'connect ECONNREFUSED 127.0.0.1:1', gaveUpAfter: 1 },
    ],
    ['failed: invalid data is final at once', row('failed', 'invalid data: points', 'invalid_data'), { ...none, failureReason: 'invalid_data', detail: 'invalid data: points' }],
    ['failed before codes, at once: the text', row('failed', '550 <kim@example.com> unknown'), { ...none, detail: '550 <kim@example.com> unknown' }],
    ['failed before codes, after attempts: given up', row('failed', 'connect ECONNREFUSED', null, 20), { ...none, detail: 'connect ECONNREFUSED', gaveUpAfter: 20 }],
    ['failed with a code this version does not know: the text, as before codes', row('failed', 'odd', 'bounced_by_moon', 1), { ...none, detail: 'odd' }],
    ['failed with a code-like text is still a failure text', row('failed', 'no_email'), { ...none, detail: 'no_email' }],
    [
      'pending after a failed attempt: the last failure, not given up',
      row('pending', 'Greeting never received', 'timeout', 4),
      { ...none, failureReason: 'timeout', detail: 'Greeting never received' },
    ],
    ['pending after a failed attempt before codes: the text', row('pending', 'Greeting never received', null, 2), { ...none, detail: 'Greeting never received' }],
    ['pending, never tried', row('pending', null, null, 0), none],
  ])('%s', (_name, given, expected) => {
    expect(mailOutcomeDetail(given)).toEqual(expected);
  });
});

describe('mailOutcomeTotals', () => {
  it('fills every status and reason, adds up per reason, and counts reasons of no known code as other', () => {
    expect(
      mailOutcomeTotals([
        { status: 'sent', reason: null, count: 7 },
        { status: 'skipped', reason: 'unsubscribed', count: 2 },
        { status: 'skipped', reason: 'no_email', count: 1 },
        { status: 'skipped', reason: 'legacy text', count: 3 },
        { status: 'skipped', reason: null, count: 1 },
      ]),
    ).toEqual({
      byStatus: { sent: 7, failed: 0, skipped: 7, pending: 0 },
      skippedByReason: { shop_uninstalled: 0, kind_disabled: 0, unsubscribed: 2, no_email: 1, smtp_not_configured: 0, no_longer_due: 0, other: 4 },
    });
  });
});
