import { describe, expect, it } from 'vitest';
import type { FailureFields, FailureFieldsOf, PerkGrantFailureCode } from '../../src/admin-api/wire/index.js';
import { CAMPAIGN_FAILURE_CODES } from '../../src/campaigns/rules/failure.js';
import { ISSUE_FAILURE_CODES } from '../../src/rewards/issue-failure.js';
import { failureText, type FailureWording } from '../../frontend/src/i18n/failure-text.js';
import { localeWording } from './locale-wording.js';

/**
 * A campaign run's, a recipient's and a perk grant's failure in the merchant's words: the code worded from the admin's
 * own locale files, never the English detail; Shopify's refusal quoted as it came; a failure stored before codes
 * generic with its detail.
 */
const wording = (locale: 'de' | 'en'): FailureWording => localeWording(locale);

const failure = (errorCode: FailureFields['errorCode'], errorParams: FailureFields['errorParams'] = {}, error = 'english detail'): FailureFields => ({
  error,
  errorCode,
  errorParams,
});

const campaign = (failure: FailureFields) => ({ scope: 'campaigns' as const, failure });

describe('failureText of campaigns', () => {
  it.each<[string, FailureFields, boolean, string]>([
    [
      'the campaign deleted before the run chose',
      failure('campaign_deleted', {}, 'the campaign was deleted before the run chose its recipients'),
      false,
      'Die Kampagne wurde gelöscht, bevor dieser Durchlauf Empfänger ausgewählt hat.',
    ],
    [
      'the gift product deleted: its variant by number',
      failure('gift_product_missing', { variant: 'gid://shopify/ProductVariant/4242' }),
      false,
      'Das Geschenkprodukt (Variante 4242) wurde in deinem Shop gelöscht. Wähle ein anderes Produkt für die Kampagne.',
    ],
    [
      'Shopify refused: its own messages quoted after a German lead-in',
      failure('platform_refused', { messages: ['Variante ist nicht vorrätig', 'Kunde gesperrt'] }, 'DraftOrderCreate refused: …'),
      false,
      'Shopify hat das Geschenk abgelehnt: „Variante ist nicht vorrätig; Kunde gesperrt“',
    ],
    [
      'Shopify unreachable, given up',
      failure('platform_unavailable', { attempts: 5 }, 'Admin API unreachable: fetch failed (gave up after 5 attempts)'),
      false,
      'Shopify war nicht erreichbar. Nach 5 Versuchen aufgegeben.',
    ],
    ['throttled, waiting for the retry', failure('platform_throttled'), true, 'Shopify war ausgelastet (zu viele Anfragen). Es wird später erneut versucht.'],
    ['the database', failure('internal_error', {}, "Can't reach database server"), false, 'In Loyale ist ein interner Fehler aufgetreten.'],
    [
      "the reward's product",
      failure('reward_product_missing', { reward: 'Gratis-Tasse' }),
      false,
      'Das Produkt der Prämie „Gratis-Tasse“ wurde in deinem Shop gelöscht. Wähle ein anderes Produkt für die Prämie.',
    ],
    [
      'stored before codes: generic, with the detail',
      failure(null, {}, 'draft order gid://shopify/DraftOrder/9 no longer exists'),
      false,
      'Etwas ist schiefgegangen (Details: draft order gid://shopify/DraftOrder/9 no longer exists).',
    ],
  ])('German: %s', (_name, stored, waitingForRetry, expected) => {
    expect(failureText(campaign(stored), wording('de'), { waitingForRetry })).toBe(expected);
  });

  it.each<[FailureFields, string]>([
    [failure('platform_refused', { messages: ['Variant is out of stock'] }), 'Shopify refused the gift: “Variant is out of stock”'],
    [failure('platform_error', { status: 403, attempts: 1 }), 'Shopify answered with an error. Gave up after 1 attempt.'],
    [failure('draft_order_missing', { draftOrder: 'gid://shopify/DraftOrder/77' }), 'The gift’s draft order 77 was deleted in Shopify before it was completed.'],
  ])('English: %j', (stored, expected) => {
    expect(failureText(campaign(stored), wording('en'))).toBe(expected);
  });

  it('no failure: no text', () => {
    expect(failureText(campaign({ error: null, errorCode: null, errorParams: {} }), wording('de'))).toBeNull();
  });

  it('never the English detail for a known code', () => {
    for (const locale of ['de', 'en'] as const) {
      expect(failureText(campaign(failure('internal_error', {}, 'english detail')), wording(locale))).not.toContain('english detail');
    }
  });
});

describe('failureText of perk grants', () => {
  const grant = (errorCode: PerkGrantFailureCode | null, errorParams: FailureFields['errorParams'] = {}, error: string | null = 'english detail') => ({
    scope: 'perks' as const,
    failure: { error, errorCode, errorParams } satisfies FailureFieldsOf<PerkGrantFailureCode>,
  });

  it.each<[string, ReturnType<typeof grant>, boolean, string, string]>([
    [
      'Shopify refused the code: its own messages quoted, naming the perk code (not a gift)',
      grant('platform_refused', { messages: ['Code ist nicht erlaubt'] }),
      false,
      'Shopify hat den Vorteilscode abgelehnt: „Code ist nicht erlaubt“',
      'Shopify refused the perk code: “Code ist nicht erlaubt”',
    ],
    [
      "the reward's product deleted, waiting for another (pending)",
      grant('reward_product_missing', { reward: 'Gratis-Tasse' }),
      true,
      'Das Produkt der Prämie „Gratis-Tasse“ wurde in deinem Shop gelöscht. Wähle ein anderes Produkt für die Prämie. Es wird später erneut versucht.',
      'The product of the reward “Gratis-Tasse” was deleted from your shop. Choose another product for the reward. It will be tried again.',
    ],
    [
      'the shop without a token (pending)',
      grant('shop_not_installed'),
      true,
      'Loyale hat gerade keinen Zugriff auf deinen Shop (die App ist nicht installiert). Es wird später erneut versucht.',
      'Loyale has no access to your shop right now (the app is not installed). It will be tried again.',
    ],
    [
      'Shopify unreachable, given up',
      grant('platform_unavailable', { status: 503, attempts: 8 }),
      false,
      'Shopify war nicht erreichbar. Nach 8 Versuchen aufgegeben.',
      'Shopify could not be reached. Gave up after 8 attempts.',
    ],
    [
      'the reward gone from the program',
      grant('reward_missing', { rewardId: '7' }),
      false,
      'Die Prämie des Vorteils gibt es in deinem Programm nicht mehr. Wähle eine andere Prämie für die Stufe.',
      'The perk’s reward no longer exists in your program. Choose another reward for the tier.',
    ],
    [
      'stored before codes: generic, with the detail as it was shown',
      grant(null, {}, 'Admin API answered 503'),
      false,
      'Etwas ist schiefgegangen (Details: Admin API answered 503).',
      'Something went wrong (details: Admin API answered 503).',
    ],
  ])('%s', (_name, stored, waitingForRetry, german, english) => {
    expect(failureText(stored, wording('de'), { waitingForRetry })).toBe(german);
    expect(failureText(stored, wording('en'), { waitingForRetry })).toBe(english);
  });

  it('an issued grant has no failure: no text', () => {
    expect(failureText(grant(null, {}, null), wording('en'))).toBeNull();
  });
});

describe('every code the server stores has its words in both languages', () => {
  it.each(['de', 'en'] as const)('%s', (locale) => {
    const words = wording(locale);
    for (const code of CAMPAIGN_FAILURE_CODES) expect(failureText(campaign(failure(code)), words), code).toEqual(expect.any(String));
    for (const code of ISSUE_FAILURE_CODES) {
      expect(failureText({ scope: 'perks', failure: { error: 'detail', errorCode: code, errorParams: {} } }, words), code).toEqual(expect.any(String));
    }
  });
});
