import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { domainIssue, fieldIssuesOf, type FieldIssue } from './field-errors.js';
import type { Language } from './language.js';
import { errorMessage, fieldMessage, fieldMessages } from './messages.js';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };

/** The issue zod reports for `input` against `schema`. */
function issueOf(schema: z.ZodType, input: unknown): FieldIssue {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('accepted');
  const issue = fieldIssuesOf(result.error).body;
  if (!issue) throw new Error('no issue');
  return issue;
}

function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  return Object.entries(tree as object).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

describe('the message catalogs', () => {
  it('have the same keys, each non-empty with the same placeholders in English and German', () => {
    const german = new Map(leaves(de));
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect([...german.keys()].sort()).toEqual(leaves(en).map(([key]) => key).sort());
    for (const [key, english] of leaves(en)) {
      expect(english.length, key).toBeGreaterThan(0);
      expect(german.get(key)?.length, key).toBeGreaterThan(0);
      expect(placeholders(german.get(key) ?? ''), key).toEqual(placeholders(english));
    }
  });
});

describe('fieldMessage', () => {
  // zod's own codes and parameters, worded for merchants: [what, issue, English, German]
  it.each<[string, FieldIssue, string, string]>([
    ['not a number', issueOf(z.number(), 'abc'), 'Enter a number', 'Gib eine Zahl ein'],
    ['empty number field', issueOf(z.number(), null), 'Enter a number', 'Gib eine Zahl ein'],
    ['not a whole number', issueOf(z.number().int(), 2.5), 'Enter a whole number', 'Gib eine ganze Zahl ein'],
    ['not text', issueOf(z.string(), 5), 'Enter text', 'Gib einen Text ein'],
    ['not a boolean', issueOf(z.boolean(), 'yes'), 'Must be true or false', 'Muss wahr oder falsch sein'],
    ['not a list', issueOf(z.array(z.number()), 'x'), 'Must be a list', 'Muss eine Liste sein'],
    ['a number too small', issueOf(z.number().min(1000), 5), 'Must be at least 1,000', 'Muss mindestens 1.000 sein'],
    ['a number not above', issueOf(z.number().gt(0.5), 0.5), 'Must be more than 0.5', 'Muss größer als 0,5 sein'],
    ['a number too big', issueOf(z.number().max(2.25), 3), 'Must be at most 2.25', 'Darf höchstens 2,25 sein'],
    ['a number not below', issueOf(z.number().lt(1_000_000), 1_000_000), 'Must be less than 1,000,000', 'Muss kleiner als 1.000.000 sein'],
    ['empty text', issueOf(z.string().min(1), ''), 'Must not be empty', 'Darf nicht leer sein'],
    ['short text', issueOf(z.string().min(3), 'ab'), 'Use at least 3 characters', 'Verwende mindestens 3 Zeichen'],
    ['long text', issueOf(z.string().max(60), 'x'.repeat(61)), 'Use at most 60 characters', 'Verwende höchstens 60 Zeichen'],
    ['one character at most', issueOf(z.string().max(1), 'ab'), 'Use at most 1 character', 'Verwende höchstens 1 Zeichen'],
    ['an empty list', issueOf(z.array(z.number()).min(1), []), 'Add at least 1 entry', 'Füge mindestens 1 Eintrag hinzu'],
    ['a short list', issueOf(z.array(z.number()).min(2), [1]), 'Add at least 2 entries', 'Füge mindestens 2 Einträge hinzu'],
    ['a long list', issueOf(z.array(z.number()).max(10), Array.from({ length: 11 }, () => 1)), 'Use at most 10 entries', 'Verwende höchstens 10 Einträge'],
    ['not an option', issueOf(z.enum(['points_desc', 'name_asc']), 'x'), 'Choose one of: points_desc, name_asc', 'Wähle eins von: points_desc, name_asc'],
    ['not the format', issueOf(z.string().regex(/^\d+$/), 'x'), 'Not in the expected format', 'Nicht im erwarteten Format'],
    ['not an email address', issueOf(z.email(), 'x'), 'Enter an email address such as name@example.com', 'Gib eine E-Mail-Adresse wie name@example.com ein'],
  ])('%s', (_what, issue, english, german) => {
    expect(fieldMessage(issue, 'en')).toBe(english);
    expect(fieldMessage(issue, 'de')).toBe(german);
  });

  // Our own rules: [issue, English, German]
  it.each<[FieldIssue, string, string]>([
    [domainIssue('reason_required'), 'Enter a reason', 'Gib einen Grund an'],
    [domainIssue('threshold_taken'), 'Another tier starts at this threshold', 'Eine andere Stufe beginnt schon bei diesem Wert'],
    [domainIssue('lowest_tier_not_zero'), 'The lowest tier must start at 0', 'Die niedrigste Stufe muss bei 0 beginnen'],
    [domainIssue('rewards_not_removable'), 'Rewards cannot be removed; set them inactive instead', 'Prämien lassen sich nicht entfernen; deaktiviere sie stattdessen'],
    [domainIssue('unknown_tier'), 'Unknown tier', 'Unbekannte Stufe'],
    [domainIssue('decimal_places', { maximum: 1 }), 'Use at most 1 decimal place', 'Verwende höchstens 1 Nachkommastelle'],
    [domainIssue('decimal_places', { maximum: 4 }), 'Use at most 4 decimal places', 'Verwende höchstens 4 Nachkommastellen'],
    [domainIssue('range_too_long', { maximum: 366 }), 'The range may span at most 366 days', 'Der Zeitraum darf höchstens 366 Tage umfassen'],
    [domainIssue('reward_value_amount', { maximum: 100_000_000 }), 'Enter an amount above 0 and below 100,000,000', 'Gib einen Betrag über 0 und unter 100.000.000 ein'],
  ])('%j', (issue, english, german) => {
    expect(fieldMessage(issue, 'en')).toBe(english);
    expect(fieldMessage(issue, 'de')).toBe(german);
  });

  // Issues the catalog has no words for: zod's own locale says them, in the language asked.
  it.each<[string, FieldIssue, string, string]>([
    ['an unknown key', issueOf(z.strictObject({}), { extra: 1 }), 'Unrecognized key: "extra"', 'Unbekannter Schlüssel: "extra"'],
    ['no union member', issueOf(z.union([z.string(), z.number()]), null), 'Invalid input', 'Ungültige Eingabe'],
    ['a custom check without a code', issueOf(z.number().refine((n) => n > 1), 1), 'Invalid input', 'Ungültige Eingabe'],
    ['a code nobody knows', { code: 'no_such_code', params: {} }, 'Invalid input', 'Ungültige Eingabe'],
  ])('%s: zod’s locale', (_what, issue, english, german) => {
    expect(fieldMessage(issue, 'en')).toBe(english);
    expect(fieldMessage(issue, 'de')).toBe(german);
  });

  it('keeps the codes language-free: parameters, no English notes or input', () => {
    expect(issueOf(z.number().int(), 2 ** 60)).toEqual({ code: 'too_big', params: { origin: 'int', maximum: Number.MAX_SAFE_INTEGER, inclusive: true } });
    expect(issueOf(z.number().refine((n) => n !== 0, { params: { code: 'not_zero' } }), 0)).toEqual({ code: 'not_zero', params: {} });
  });
});

describe('fieldMessages and errorMessage', () => {
  it.each<[Language, Record<string, string>, string]>([
    ['en', { from: 'Must not be after the end of the range', to: 'Enter a date as YYYY-MM-DD' }, 'Invalid input'],
    ['de', { from: 'Darf nicht nach dem Ende des Zeitraums liegen', to: 'Gib ein Datum als JJJJ-MM-TT ein' }, 'Ungültige Eingabe'],
  ])('%s', (language, messages, error) => {
    expect(fieldMessages({ from: domainIssue('range_reversed'), to: domainIssue('not_a_date') }, language)).toEqual(messages);
    expect(errorMessage('invalid_input', language)).toBe(error);
  });
});
