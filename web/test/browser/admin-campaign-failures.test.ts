import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FailureFields } from '../../src/admin-api/wire/index.js';
import { failureText, type FailureWording } from '../../frontend/src/campaigns/failure-text.js';
import { interpolate } from '../../frontend/src/i18n/translate.js';

/**
 * A campaign run's and a recipient's failure in the merchant's words: the code worded from the admin's own locale
 * files, never the English detail; Shopify's refusal quoted as it came; a failure stored before codes generic with its
 * detail.
 */
const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'src', 'locales');

function wording(locale: 'de' | 'en'): FailureWording {
  const messages = JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8')) as Record<string, unknown>;
  const at = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  const rules = new Intl.PluralRules(locale);
  return {
    t: (key, vars) => interpolate(at(key) as string, vars),
    tp: (key, count) => interpolate((at(key) as Record<string, string>)[rules.select(count) === 'one' ? 'one' : 'other']!, { count }),
  };
}

const failure = (errorCode: FailureFields['errorCode'], errorParams: FailureFields['errorParams'] = {}, error = 'english detail'): FailureFields => ({
  error,
  errorCode,
  errorParams,
});

describe('failureText', () => {
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
    expect(failureText(stored, wording('de'), { waitingForRetry })).toBe(expected);
  });

  it.each<[FailureFields, string]>([
    [failure('platform_refused', { messages: ['Variant is out of stock'] }), 'Shopify refused the gift: “Variant is out of stock”'],
    [failure('platform_error', { status: 403, attempts: 1 }), 'Shopify answered with an error. Gave up after 1 attempt.'],
    [failure('draft_order_missing', { draftOrder: 'gid://shopify/DraftOrder/77' }), 'The gift’s draft order 77 was deleted in Shopify before it was completed.'],
  ])('English: %j', (stored, expected) => {
    expect(failureText(stored, wording('en'))).toBe(expected);
  });

  it('no failure: no text', () => {
    expect(failureText({ error: null, errorCode: null, errorParams: {} }, wording('de'))).toBeNull();
  });

  it('never the English detail for a known code', () => {
    for (const locale of ['de', 'en'] as const) {
      expect(failureText(failure('internal_error', {}, 'english detail'), wording(locale))).not.toContain('english detail');
    }
  });
});
