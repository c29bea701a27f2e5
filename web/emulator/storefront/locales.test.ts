import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerReason } from '../../src/generated/prisma/enums.js';
import { EXTENSION_DIR, keysOf, lookup, parseBlockSchema, readLocales } from './extension.js';
import { THEME_DIR } from './render.js';

const storefront = await readLocales(EXTENSION_DIR);
const schema = await readLocales(EXTENSION_DIR, 'schema');
const blockFiles = (await readdir(join(EXTENSION_DIR, 'blocks'))).filter((f) => f.endsWith('.liquid'));
const liquidSources = await Promise.all(
  [...blockFiles.map((f) => join('blocks', f)), ...(await readdir(join(EXTENSION_DIR, 'snippets'))).map((f) => join('snippets', f))].map(
    (f) => readFile(join(EXTENSION_DIR, f), 'utf8'),
  ),
);
const widgetSource = await readFile(join(EXTENSION_DIR, 'src', 'loyale.js'), 'utf8');
const configSnippet = await readFile(join(EXTENSION_DIR, 'snippets', 'loyale-config.liquid'), 'utf8');

describe('the extension locale files', () => {
  it('has English as the default, and German', () => {
    expect(storefront.defaultLocale).toBe('en');
    expect([...storefront.locales.keys()].sort()).toEqual(['de', 'en']);
    expect([...schema.locales.keys()].sort()).toEqual(['de', 'en']);
  });

  it.each([
    ['storefront', storefront],
    ['schema', schema],
  ] as const)('%s: German has exactly the keys English has', (_kind, set) => {
    expect(keysOf(set.locales.get('de')!)).toEqual(keysOf(set.locales.get('en')!));
  });

  it.each([
    ['storefront', storefront],
    ['schema', schema],
  ] as const)('%s: German keeps every {{ placeholder }} of English', (_kind, set) => {
    const placeholders = (text: string | undefined) => [...(text ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}|\{(\w+)\}/g)].map((m) => m[1] ?? m[2]).sort();
    for (const key of keysOf(set.locales.get('en')!)) {
      expect(placeholders(lookup(set.locales.get('de'), key)), key).toEqual(placeholders(lookup(set.locales.get('en'), key)));
    }
  });

  it('has no HTML-special characters, so the platform escaping `t` output or not renders them the same', () => {
    for (const [locale, translations] of storefront.locales) {
      for (const key of keysOf(translations)) expect(lookup(translations, key), `${locale}: ${key}`).not.toMatch(/[&<>"']/);
    }
  });

  it('has every key the blocks and snippets translate, and every t: key of the schemas', () => {
    const used = liquidSources.flatMap((source) => [...source.matchAll(/'([\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(10);
    for (const key of used) expect(lookup(storefront.locales.get('en'), key), key).toBeDefined();
    const schemaKeys = liquidSources.flatMap((source) => [...source.matchAll(/"t:([\w.]+)"/g)].map((m) => m[1]!));
    expect(schemaKeys.length).toBeGreaterThan(5);
    for (const key of schemaKeys) expect(lookup(schema.locales.get('en'), key), key).toBeDefined();
  });

  it('hands the script every string it uses, and a label for every ledger reason', () => {
    const handed = new Set([...configSnippet.matchAll(/"(\w+)": \{\{ 'loyale\.js\.(\w+)' \| t \| json \}\}/g)].map((m) => {
      expect(m[1]).toBe(m[2]);
      return m[1]!;
    }));
    expect([...handed].sort()).toEqual(keysOf(storefront.locales.get('en')!).filter((k) => k.startsWith('loyale.js.')).map((k) => k.slice(10)));
    const texts = [...widgetSource.matchAll(/\btext\('(\w+)'/g)].map((m) => m[1]!);
    const counts = [...widgetSource.matchAll(/\bcount\('(\w+)'/g)].flatMap((m) => [`${m[1]}_one`, `${m[1]}_other`]);
    const reasons = Object.values(LedgerReason).map((reason) => `reason_${reason}`);
    for (const key of [...texts, ...counts, ...reasons]) expect(handed.has(key), key).toBe(true);
  });

  it('block names fit the theme editor (25 characters)', () => {
    for (const file of blockFiles) {
      const source = liquidSources[blockFiles.indexOf(file)]!;
      const name = parseBlockSchema(source).name.replace(/^t:/, '');
      for (const [, translations] of schema.locales) expect(lookup(translations, name)!.length).toBeLessThanOrEqual(25);
    }
  });
});

describe('the demo theme locale files', () => {
  it('German has exactly the keys English has', async () => {
    const theme = await readLocales(THEME_DIR);
    expect(keysOf(theme.locales.get('de')!)).toEqual(keysOf(theme.locales.get('en')!));
  });
});
