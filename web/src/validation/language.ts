/** The languages Loyale speaks to merchants: the admin user's locale picks one, English when it is neither. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** @defaultValue 'en' */
export const DEFAULT_LANGUAGE: Language = 'en';
