import type { Request } from 'express';
/** The languages Loyale speaks to merchants: the admin user's locale picks one, English when it is neither. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** @defaultValue 'en' */
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * The language to answer in, from the request's `Accept-Language` (the admin sends the admin user's locale; q-values
 * and regional tags such as `de-AT` are understood). English without one the app speaks.
 */
export function requestLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  const chosen = req.acceptsLanguages([...LANGUAGES]);
  return LANGUAGES.find((language) => language === chosen) ?? DEFAULT_LANGUAGE;
}
