import { z } from 'zod';
import type { FieldIssue, FieldIssues } from './field-errors.js';
import type { Language } from './language.js';
import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };

/**
 * What the merchant reads when input is refused, in English and German (messages/en.json is the reference;
 * de.json has the same keys and placeholders, a test checks it).
 *
 * zod's issue codes and parameters pick the message (`too_small` of a number → "Must be at least {minimum}"), in
 * the merchant's words rather than zod's ("Too small: expected number to be >=1"); an issue the catalog has no
 * words for gets zod's own German or English locale. Our domain rules have codes of their own (`fields.domain`).
 * Messages are made after parsing, from the issue alone: a request's language never goes through a global zod
 * setting, so concurrent requests in different languages cannot mix.
 */
type Catalog = typeof en;
type Template = string | { one: string; other: string };

const CATALOGS: Record<Language, Catalog> = { en, de };
const ZOD_LOCALES: Record<Language, z.core.$ZodErrorMap> = { en: z.locales.en().localeError, de: z.locales.de().localeError };

/** The codes of our own rules: the keys of `fields.domain`. */
export type DomainCode = keyof Catalog['fields']['domain'];
/** The top-level `error` of an admin API answer. */
export type ErrorCode = keyof Catalog['errors'];

/** The message of `code` in `language`, its `{name}` placeholders filled from `params`. */
export function errorMessage(code: ErrorCode, language: Language, params: Record<string, string> = {}): string {
  return CATALOGS[language].errors[code].replace(/\{(\w+)\}/g, (placeholder, name: string) => params[name] ?? placeholder);
}

/** Sizes are counted alike for these origins; others (dates, files, sets) are left to zod's locale. */
function sized(origin: unknown): 'number' | 'string' | 'array' | undefined {
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return 'number';
  return origin === 'string' || origin === 'array' ? origin : undefined;
}

/** The catalog's path of an issue's message, e.g. `too_small.number_exclusive`; undefined where it has none. */
function templatePath({ code, params }: FieldIssue): string[] | undefined {
  switch (code) {
    case 'invalid_type':
      return ['invalid_type', String(params.expected)];
    case 'too_small':
    case 'too_big': {
      const size = sized(params.origin);
      if (!size || params.exact === true) return undefined;
      if (size === 'string' && code === 'too_small' && params.minimum === 1) return ['too_small', 'string_empty'];
      return [code, size === 'number' && params.inclusive === false ? 'number_exclusive' : size];
    }
    case 'invalid_value':
      return ['invalid_value'];
    case 'invalid_format':
      return ['invalid_format', String(params.format)];
    default:
      return ['domain', code];
  }
}

function lookup(fields: Catalog['fields'], path: string[]): Template | undefined {
  let node: unknown = fields;
  for (const part of path) {
    node = typeof node === 'object' && node !== null && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' || (typeof node === 'object' && node !== null && 'other' in node) ? (node as Template) : undefined;
}

function formatValue(value: unknown, numbers: Intl.NumberFormat): string {
  if (typeof value === 'number') return numbers.format(value);
  if (Array.isArray(value)) return value.map((item) => formatValue(item, numbers)).join(', ');
  return String(value);
}

/** `{name}` placeholders filled from `params`, numbers in the language's format; `{one, other}` by the count. */
function fill(template: Template, params: Record<string, unknown>, language: Language): string {
  const count = Number(params.minimum ?? params.maximum ?? 0);
  const text = typeof template === 'string' ? template : new Intl.PluralRules(language).select(count) === 'one' ? template.one : template.other;
  const numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 20 });
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? formatValue(params[name], numbers) : match));
}

/** zod's own message for an issue our catalog has no words for (`unrecognized_keys`, `invalid_union`, ...). */
function zodMessage(issue: FieldIssue, language: Language): string {
  const raw = { ...issue.params, code: issue.code, path: [], input: undefined } as unknown as z.core.$ZodRawIssue;
  const message = ZOD_LOCALES[language](raw);
  return (typeof message === 'string' ? message : message?.message) ?? CATALOGS[language].errors.invalid_input;
}

/** One issue in the merchant's language. */
export function fieldMessage(issue: FieldIssue, language: Language): string {
  const path = templatePath(issue);
  const template = path && lookup(CATALOGS[language].fields, path);
  return template ? fill(template, issue.params, language) : zodMessage(issue, language);
}

/** Every issue's message by its path: the 422's `details.fieldErrors`. */
export function fieldMessages(issues: FieldIssues, language: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(issues).map(([path, issue]) => [path, fieldMessage(issue, language)]));
}
