import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The admin's own strings: every key in English exists in German and the other way round. */
const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'src', 'locales');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function load(locale: string): unknown {
  return JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8'));
}

describe('admin locales', () => {
  it('en.json and de.json have the same keys', () => {
    expect(keys(load('de')).sort()).toEqual(keys(load('en')).sort());
  });

  it('every string is non-empty and uses the same placeholders in both languages', () => {
    const en = load('en');
    const de = load('de');
    const at = (tree: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys(en)) {
      const english = at(en, key);
      const german = at(de, key);
      expect(typeof english === 'string' && english.length > 0, key).toBe(true);
      expect(typeof german === 'string' && german.length > 0, key).toBe(true);
      expect(placeholders(german as string), key).toEqual(placeholders(english as string));
    }
  });
});
