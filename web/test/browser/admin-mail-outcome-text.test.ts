import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MailLogEntry } from '../../src/admin-api/wire/index.js';
import { mailOutcomeText, type MailOutcomeWording } from '../../frontend/src/notifications/mail-outcome-text.js';
import { interpolate } from '../../frontend/src/i18n/translate.js';

/**
 * Why a mail of the mail log was not sent, in the merchant's words, from the admin's own locale files: a skip reason's
 * code worded, a failure's recorded text quoted inside a sentence in the merchant's language.
 */
const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'src', 'locales');

function wording(locale: 'de' | 'en'): MailOutcomeWording {
  const messages = JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8')) as Record<string, unknown>;
  const at = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  const rules = new Intl.PluralRules(locale);
  return {
    t: (key, vars) => interpolate(at(key) as string, vars),
    tp: (key, count) => interpolate((at(key) as Record<string, string>)[rules.select(count) === 'one' ? 'one' : 'other']!, { count }),
  };
}

type Outcome = Pick<MailLogEntry, 'outcome' | 'skipReason' | 'detail' | 'attempts'>;
const mail = (outcome: Outcome['outcome'], fields: Partial<Outcome> = {}): Outcome => ({ outcome, skipReason: null, detail: null, attempts: 1, ...fields });

describe('mailOutcomeText', () => {
  it.each<[string, Outcome, string | null, string | null]>([
    ['sent: nothing to say', mail('sent'), null, null],
    ['waiting, never tried', mail('pending', { attempts: 0 }), null, null],
    ['skipped: the customer unsubscribed', mail('skipped', { skipReason: 'unsubscribed', attempts: 0 }), 'Kunde hat abbestellt', 'Customer unsubscribed'],
    ['skipped: no mail server', mail('skipped', { skipReason: 'smtp_not_configured', attempts: 0 }), 'Kein Mailserver eingerichtet', 'No mail server configured'],
    ['skipped: the kind switched off', mail('skipped', { skipReason: 'kind_disabled', attempts: 0 }), 'E-Mail ausgeschaltet', 'Email switched off'],
    ['skipped with a text of no known code: quoted', mail('skipped', { detail: 'paused', attempts: 0 }), 'Vermerkter Grund: paused', 'Recorded reason: paused'],
    [
      'failed at once: the server refused it for good',
      mail('failed', { detail: '550 <kim@example.com> unknown user' }),
      'Konnte nicht gesendet werden (Mailserver: 550 <kim@example.com> unknown user).',
      'Could not be sent (mail server: 550 <kim@example.com> unknown user).',
    ],
    [
      'failed after every attempt',
      mail('failed', { detail: 'connect ECONNREFUSED', attempts: 20 }),
      'Konnte nicht gesendet werden (Mailserver: connect ECONNREFUSED). Nach 20 Versuchen aufgegeben.',
      'Could not be sent (mail server: connect ECONNREFUSED). Gave up after 20 attempts.',
    ],
    ['failed without a recorded text', mail('failed'), 'Konnte nicht gesendet werden.', 'Could not be sent.'],
    [
      'waiting after a failed attempt',
      mail('pending', { detail: 'Greeting never received', attempts: 2 }),
      'Der letzte Versuch ist fehlgeschlagen (Mailserver: Greeting never received); Loyale versucht es erneut.',
      'The last attempt failed (mail server: Greeting never received); Loyale tries again.',
    ],
  ])('%s', (_name, outcome, german, english) => {
    expect(mailOutcomeText(outcome, wording('de'))).toBe(german);
    expect(mailOutcomeText(outcome, wording('en'))).toBe(english);
  });
});
