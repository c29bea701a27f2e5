import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../frontend/src/i18n/format.js';

describe('the admin formatters', () => {
  it.each([
    ['de', '2026-03', 'März 2026'],
    ['en', '2026-03', 'March 2026'],
    ['de', '2026-12', 'Dezember 2026'],
    ['en', 'not-a-month', 'not-a-month'],
    ['en', '2026-13', '2026-13'],
  ] as const)('month (%s) %s → %s', (locale, key, expected) => {
    expect(createFormatters(locale).month(key)).toBe(expected);
  });
});
