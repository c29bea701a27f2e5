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

/**
 * The language a proxy request asks names in: German or English; null when it asks none, one no names exist in, or
 * gives a value that is no language tag (or several): those read the program's own names, the answer the contract
 * fixes (its signature check is the only refusal a signed request gets). Pure.
 */
export function requestedLanguage(query: URLSearchParams): ProgramLocale | null {
  const values = query.getAll('locale');
  const parsed = localeParam.safeParse(values.length > 1 ? values : values[0]);
  return parsed.success ? nameLanguageOf(parsed.data) : null;
}
