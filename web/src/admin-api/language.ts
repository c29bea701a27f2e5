import type { Request } from 'express';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../validation/language.js';

/**
 * The language to answer in, from the request's `Accept-Language` (the admin sends the admin user's locale; q-values
 * and regional tags such as `de-AT` are understood). English without one the app speaks.
 */
export function requestLanguage(req: Request): Language {
  const chosen = req.acceptsLanguages([...LANGUAGES]);
  return LANGUAGES.find((language) => language === chosen) ?? DEFAULT_LANGUAGE;
}
