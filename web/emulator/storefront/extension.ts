import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from '../index-page.js';

/** The theme app extension the storefront renders (the real files, read on every request so edits show at once). */
export const EXTENSION_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'extensions', 'loyale-widget');

/** A locale file: nested groups of strings. */
export interface Translations {
  [key: string]: string | Translations;
}

/** Locale files by locale (`en`, `de`, ...), and which one is the default (`*.default.json`). */
export interface LocaleSet {
  defaultLocale: string;
  locales: Map<string, Translations>;
}

/**
 * Reads `locales/*.json` (storefront) or `locales/*.schema.json` (theme editor) of a theme or extension directory.
 * `en.default.json` is locale `en` and the default.
 */
export async function readLocales(dir: string, kind: 'storefront' | 'schema' = 'storefront'): Promise<LocaleSet> {
  const suffix = kind === 'schema' ? '.schema.json' : '.json';
  const files = (await readdir(join(dir, 'locales'))).filter(
    (file) => file.endsWith(suffix) && (kind === 'schema' || !file.endsWith('.schema.json')),
  );
  const locales = new Map<string, Translations>();
  let defaultLocale = 'en';
  for (const file of files) {
    const [locale = '', ...rest] = file.slice(0, -suffix.length).split('.');
    if (rest.includes('default')) defaultLocale = locale;
    locales.set(locale, JSON.parse(await readFile(join(dir, 'locales', file), 'utf8')) as Translations);
  }
  return { defaultLocale, locales };
}

/** The string at a dotted key, if there is one. */
export function lookup(translations: Translations | undefined, key: string): string | undefined {
  let node: string | Translations | undefined = translations;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** Every dotted key of a locale file, sorted. */
export function keysOf(translations: Translations, prefix = ''): string[] {
  return Object.entries(translations)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)))
    .sort();
}

/** The locales a storefront request may ask for: `de-CH` → `de-CH`, `de`, then the default. */
function candidates(set: LocaleSet, locale: string): string[] {
  return [locale, locale.split('-')[0] ?? locale, set.defaultLocale];
}

/**
 * Shopify's `t`: the key in the request's locale, else in the default locale, else "translation missing: …";
 * `{{ name }}` placeholders filled with the given values, HTML-escaped (Loyale's strings contain no HTML, so
 * whether the platform escapes more or less makes no difference to them; a unit test keeps it that way).
 */
export function translate(set: LocaleSet, locale: string, key: string, values: Record<string, unknown> = {}): string {
  for (const candidate of candidates(set, locale)) {
    const text = lookup(set.locales.get(candidate), key);
    if (text !== undefined) return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (name in values ? escapeHtml(values[name]) : match));
  }
  return `translation missing: ${locale}.${key}`;
}

/** What the storefront needs of a block's `{% schema %}`. */
export interface BlockSchema {
  name: string;
  target: string;
  javascript?: string;
  stylesheet?: string;
  settings: { id?: string; type: string; default?: unknown }[];
}

/** The JSON in a block's `{% schema %}` tag. */
export function parseBlockSchema(source: string): BlockSchema {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(source);
  if (!match?.[1]) throw new Error('block without {% schema %}');
  return JSON.parse(match[1]) as BlockSchema;
}

/** `block.settings` as a merchant who changed nothing has them: every setting's default. */
export function defaultSettings(schema: BlockSchema): Record<string, unknown> {
  return Object.fromEntries(schema.settings.filter((s) => s.id !== undefined).map((s) => [s.id, s.default ?? null]));
}
