export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** `de`, `de-DE`, `de_CH` → `de`; anything unsupported → null. */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === language) ?? null;
}

/**
 * The admin user's language: Shopify opens embedded apps with `?locale=` (the user's admin language); App Bridge
 * knows it too. English when neither names a language the app speaks.
 */
export function pickLocale(search: string, appBridgeLocale?: string): Locale {
  return supportedLocale(new URLSearchParams(search).get('locale')) ?? supportedLocale(appBridgeLocale) ?? 'en';
}
