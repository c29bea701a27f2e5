import { createContext, useMemo, type ReactNode } from 'react';
import { createFormatters, type Formatters } from './format';
import type { Locale } from './locale';
import { MESSAGES } from './messages';
import { translate, translatePlural, type MessageKey, type PluralKey, type Vars } from './translate';

export interface I18n {
  locale: Locale;
  t(key: MessageKey, vars?: Vars): string;
  /** The `one`/`other` form for `count` (`{count}` is filled in). */
  tp(key: PluralKey, count: number, vars?: Vars): string;
  format: Formatters;
}

export const I18nContext = createContext<I18n | null>(null);

/** `timeZone`: the shop's, for dates (ShopProvider provides it again once the shop has loaded). */
export function I18nProvider({ locale, timeZone, children }: { locale: Locale; timeZone?: string; children: ReactNode }) {
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const rules = new Intl.PluralRules(locale);
    const format = createFormatters(locale, timeZone);
    return {
      locale,
      t: (key, vars) => translate(messages, key, vars),
      tp: (key, count, vars) => translatePlural(messages, rules, key, count, { count: format.number(count), ...vars }),
      format,
    };
  }, [locale, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
