import type { ProgramLocale } from './default-program.js';

/**
 * Which name of a tier or reward a shopper reads. Every tier and reward has its `name` in the program's language
 * (`programs.locale`) and may have a `nameTranslation` in the other of German and English. Pure.
 */

/** A tier or reward as its names are stored. */
export interface Named {
  name: string;
  /** In the other language than the program's; null: none. */
  nameTranslation: string | null;
}

/** The other of German and English: the language of a program's name translations. */
export const translationLocaleOf = (namesLocale: ProgramLocale): ProgramLocale => (namesLocale === 'de' ? 'en' : 'de');

/**
 * The language a shopper asked names in (a storefront's or a mail's locale: `de`, `de-CH`, `en-US`), as far as names
 * exist in it: German or English; null for none asked and for any other language (they read `name`, the language
 * the merchant wrote the program in, rather than a guess).
 */
export function nameLanguageOf(locale: string | null | undefined): ProgramLocale | null {
  const language = locale?.toLowerCase().split(/[-_]/)[0];
  return language === 'de' || language === 'en' ? language : null;
}

/**
 * The name a shopper reading `language` sees: the translation when they read the program's other language and
 * there is one, else `name` (none asked, the program's own language, or no translation).
 */
export function nameIn(named: Named, namesLocale: ProgramLocale, language: ProgramLocale | null): string {
  if (language === null || language === namesLocale || named.nameTranslation === null) return named.name;
  return named.nameTranslation;
}

/** `items` with `name` as a shopper reading `language` sees it (the records otherwise unchanged). */
export function withNamesIn<T extends Named>(items: readonly T[], namesLocale: ProgramLocale, language: ProgramLocale | null): T[] {
  return items.map((item) => ({ ...item, name: nameIn(item, namesLocale, language) }));
}
