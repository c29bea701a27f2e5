import de from '../locales/de.json';
import en from '../locales/en.json';
import type { Locale } from './locale';
import type { Messages } from './translate';

/** The admin's strings per language (en.json is the reference; a test holds de.json to its keys). */
export const MESSAGES: Record<Locale, Messages> = { en, de };
