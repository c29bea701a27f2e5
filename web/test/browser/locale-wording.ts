import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpolate } from '../../frontend/src/i18n/translate.js';

const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'src', 'locales');

/** The admin's `t` and `tp` (useI18n's) over its own locale file, for the pure wording functions' tests. */
export interface LocaleWording {
  t(key: string, vars?: Record<string, string | number>): string;
  tp(key: string, count: number): string;
}

/** The admin's locale file as it is (web/frontend/src/locales/<locale>.json). */
export function localeMessages(locale: 'de' | 'en'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8')) as Record<string, unknown>;
}

/** `locale`'s messages from web/frontend/src/locales; a key the file lacks throws, naming it. */
export function localeWording(locale: 'de' | 'en'): LocaleWording {
  const messages = localeMessages(locale);
  const at = (key: string) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (found === undefined) throw new Error(`${locale}.json has no ${key}`);
    return found;
  };
  const rules = new Intl.PluralRules(locale);
  return {
    t: (key, vars) => interpolate(at(key) as string, vars),
    tp: (key, count) => interpolate((at(key) as Record<string, string>)[rules.select(count) === 'one' ? 'one' : 'other']!, { count }),
  };
}
