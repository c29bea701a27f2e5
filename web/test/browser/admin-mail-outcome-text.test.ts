import { describe, expect, it } from 'vitest';
import type { MailLogEntry } from '../../src/admin-api/wire/index.js';
import { MAIL_FAILURE_CODES } from '../../src/notifications/mail-failure.js';
import { mailOutcomeText, type MailOutcomeWording } from '../../frontend/src/notifications/mail-outcome-text.js';
import { localeMessages, localeWording } from './locale-wording.js';

/**
 * Why a mail of the mail log was not sent, in the merchant's words, from the admin's own locale files: a skip reason's
 * code worded, a failure's recorded text quoted inside a sentence in the merchant's language.
 */
const wording = (locale: 'de' | 'en'): MailOutcomeWording => localeWording(locale);

type Outcome = Pick<MailLogEntry, 'outcome' | 'skipReason' | 'failureReason' | 'detail' | 'gaveUpAfter'>;
const mail = (outcome: Outcome['outcome'], fields: Partial<Outcome> = {}): Outcome => ({
  outcome,
  skipReason: null,
  failureReason: null,
  detail: null,
  gaveUpAfter: null,
  ...fields,
});

describe('mailOutcomeText', () => {
  it.each<[string, Outcome, string | null, string | null]>([
    ['sent: nothing to say', mail('sent'), null, null],
    ['waiting, never tried', mail('pending'), null, null],
    ['skipped: the customer unsubscribed', mail('skipped', { skipReason: 'unsubscribed' }), 'Kunde hat abbestellt', 'Customer unsubscribed'],
    ['skipped: no mail server', mail('skipped', { skipReason: 'smtp_not_configured' }), 'Kein Mailserver eingerichtet', 'No mail server configured'],
    ['skipped: the kind switched off', mail('skipped', { skipReason: 'kind_disabled' }), 'E-Mail ausgeschaltet', 'Email switched off'],
    [
      'skipped: an expiry reminder whose day moved',
      mail('skipped', { skipReason: 'no_longer_due' }),
      'Punkte verfallen an dem Tag nicht mehr',
      'Points no longer expiring on that day',
    ],
    ['skipped with a text of no known code: quoted', mail('skipped', { detail: 'paused' }), 'Vermerkter Grund: paused', 'Recorded reason: paused'],
    [
      'failed before codes, at once: the server refused it for good',
      mail('failed', { detail: '550 <kim@example.com> unknown user' }),
      'Konnte nicht gesendet werden (Mailserver: 550 <kim@example.com> unknown user).',
      'Could not be sent (mail server: 550 <kim@example.com> unknown user).',
    ],
    [
      'failed before codes, after every attempt',
      mail('failed', { detail: 'connect ECONNREFUSED', gaveUpAfter: 20 }),
      'Konnte nicht gesendet werden (Mailserver: connect ECONNREFUSED). Nach 20 Versuchen aufgegeben.',
      'Could not be sent (mail server: connect ECONNREFUSED). Gave up after 20 attempts.',
    ],
    ['failed without a recorded text', mail('failed'), 'Konnte nicht gesendet werden.', 'Could not be sent.'],
    [
      'waiting after a failed attempt recorded before codes',
      mail('pending', { detail: 'Greeting never received' }),
      'Der letzte Versuch ist fehlgeschlagen (Mailserver: Greeting never received); Loyale versucht es erneut.',
      'The last attempt failed (mail server: Greeting never received); Loyale tries again.',
    ],
    [
      'failed: the recipient refused for good, the server’s answer quoted',
      mail('failed', { failureReason: 'recipient_refused', detail: '550 5.1.1 <kim@example.com>: Recipient address rejected: User unknown' }),
      'Konnte nicht gesendet werden: Der Mailserver hat die Empfängeradresse abgelehnt (Postfach unbekannt oder nicht angenommen). ' +
        'Details: „550 5.1.1 <kim@example.com>: Recipient address rejected: User unknown“.',
      'Could not be sent: the mail server refused the recipient’s address (mailbox unknown or not accepted). ' +
        'Details: “550 5.1.1 <kim@example.com>: Recipient address rejected: User unknown”.',
    ],
    [
      'failed: the message refused as spam',
      mail('failed', { failureReason: 'message_refused', detail: '554 5.7.1 Message rejected as spam' }),
      'Konnte nicht gesendet werden: Der Mailserver hat die E-Mail abgelehnt (etwa als Spam oder als zu groß). Details: „554 5.7.1 Message rejected as spam“.',
      'Could not be sent: the mail server refused the email (for example as spam or as too large). Details: “554 5.7.1 Message rejected as spam”.',
    ],
    [
      'failed: the login refused on every attempt',
      mail('failed', { failureReason: 'auth_failed', detail: '535 5.7.8 Authentication credentials invalid', gaveUpAfter: 20 }),
      'Konnte nicht gesendet werden: Die Anmeldung am Mailserver ist fehlgeschlagen (Benutzername oder Passwort in SMTP_URL). ' +
        'Details: „535 5.7.8 Authentication credentials invalid“. Nach 20 Versuchen aufgegeben.',
      'Could not be sent: the login at the mail server failed (user name or password of SMTP_URL). ' +
        'Details: “535 5.7.8 Authentication credentials invalid”. Gave up after 20 attempts.',
    ],
    [
      'failed: the server unreachable, given up after one attempt',
      mail('failed', { failureReason: 'server_unreachable', detail: 'connect ECONNREFUSED 10.0.0.5:587', gaveUpAfter: 1 }),
      'Konnte nicht gesendet werden: Der Mailserver war nicht erreichbar. Details: „connect ECONNREFUSED 10.0.0.5:587“. Nach 1 Versuch aufgegeben.',
      'Could not be sent: the mail server could not be reached. Details: “connect ECONNREFUSED 10.0.0.5:587”. Gave up after 1 attempt.',
    ],
    [
      'waiting after a timeout: tried again',
      mail('pending', { failureReason: 'timeout', detail: 'Greeting never received' }),
      'Der letzte Versuch ist fehlgeschlagen: Der Mailserver hat nicht rechtzeitig geantwortet. Details: „Greeting never received“. Loyale versucht es erneut.',
      'The last attempt failed: the mail server did not answer in time. Details: “Greeting never received”. Loyale tries again.',
    ],
    [
      'waiting after the server asked to try later',
      mail('pending', { failureReason: 'temporarily_refused', detail: '451 4.7.1 Greylisted, please try again later' }),
      'Der letzte Versuch ist fehlgeschlagen: Der Mailserver hat gebeten, es später erneut zu versuchen. ' +
        'Details: „451 4.7.1 Greylisted, please try again later“. Loyale versucht es erneut.',
      'The last attempt failed: the mail server asked to try again later. Details: “451 4.7.1 Greylisted, please try again later”. Loyale tries again.',
    ],
    [
      'failed with a code and no detail',
      mail('failed', { failureReason: 'other' }),
      'Konnte nicht gesendet werden: Ein unerwarteter Fehler ist aufgetreten.',
      'Could not be sent: an unexpected error occurred.',
    ],
  ])('%s', (_name, outcome, german, english) => {
    expect(mailOutcomeText(outcome, wording('de'))).toBe(german);
    expect(mailOutcomeText(outcome, wording('en'))).toBe(english);
  });

  it('words every failure reason in both languages', () => {
    const { notifications } = localeMessages('en') as { notifications: { activity: { failureReasons: object } } };
    const reasons = Object.keys(notifications.activity.failureReasons);
    expect(reasons).toEqual(MAIL_FAILURE_CODES);
    for (const reason of MAIL_FAILURE_CODES) {
      for (const locale of ['de', 'en'] as const) {
        const text = mailOutcomeText(mail('failed', { failureReason: reason }), wording(locale));
        expect(text).toMatch(/: \S.+\.$/);
        expect(text).not.toContain(reason);
      }
    }
  });
});
