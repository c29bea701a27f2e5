import { z } from 'zod';
import type { ProgramLocale } from '../program/default-program.js';
import { nameLanguageOf } from '../program/names.js';

/** A language tag as a storefront writes one (`de`, `en-GB`, `pt_BR`, `zh-Hant-TW`). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$/;

/**
 * `?locale=`: the storefront's language, which the widget sends (the platform's signature covers it like every
 * parameter) so that tier and reward names come in it. Left out: the names as the contract has them.
 */
const localeParam = z.string().regex(LANGUAGE_TAG).optional();

export type RequestedLanguage = { ok: true; language: ProgramLocale | null } | { ok: false };

/**
 * The language a proxy request asks names in: German or English, null when it asks none or one no names exist in
 * (those read the program's own); not ok for a value that is no language tag, or repeated. Pure.
 */
export function requestedLanguage(query: URLSearchParams): RequestedLanguage {
  const values = query.getAll('locale');
  const parsed = localeParam.safeParse(values.length > 1 ? values : values[0]);
  return parsed.success ? { ok: true, language: nameLanguageOf(parsed.data) } : { ok: false };
}
