import { describe, expect, it } from 'vitest';
import type { MailStatus } from './mail-log-repository.js';
import { mailOutcomeDetail, mailOutcomeTotals } from './mail-outcome.js';

describe('mailOutcomeDetail', () => {
  it.each<[string, MailStatus, string | null, ReturnType<typeof mailOutcomeDetail>]>([
    ['sent', 'sent', null, { skipReason: null, detail: null }],
    ['sent after a failed attempt (the sender clears the error; nothing to say anyway)', 'sent', 'Connection timeout', { skipReason: null, detail: null }],
    ['skipped with a known code', 'skipped', 'unsubscribed', { skipReason: 'unsubscribed', detail: null }],
    ['skipped: every code', 'skipped', 'smtp_not_configured', { skipReason: 'smtp_not_configured', detail: null }],
    ['skipped with text of no known code: the text', 'skipped', 'paused by support', { skipReason: null, detail: 'paused by support' }],
    ['failed: the server answer as recorded', 'failed', '550 <kim@example.com> unknown', { skipReason: null, detail: '550 <kim@example.com> unknown' }],
    ['failed with a code-like text is still a failure text', 'failed', 'no_email', { skipReason: null, detail: 'no_email' }],
    ['pending after a failed attempt: the last failure', 'pending', 'Greeting never received', { skipReason: null, detail: 'Greeting never received' }],
    ['pending, never tried', 'pending', null, { skipReason: null, detail: null }],
  ])('%s', (_name, status, error, expected) => {
    expect(mailOutcomeDetail(status, error)).toEqual(expected);
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
      skippedByReason: { shop_uninstalled: 0, kind_disabled: 0, unsubscribed: 2, no_email: 1, smtp_not_configured: 0, other: 4 },
    });
  });
});
