import { describe, expect, it } from 'vitest';
import { dayFormatter, MAX_RANGE_DAYS, rangeDays, spansYears } from '../../frontend/src/components/dashboard/days.js';

describe('the dashboard’s day helpers', () => {
  it('counts a range’s days, both ends included, up to the server’s longest (a leap year)', () => {
    expect(rangeDays({ from: '2026-03-01', to: '2026-03-01' })).toBe(1);
    expect(rangeDays({ from: '2024-01-01', to: '2024-12-31' })).toBe(MAX_RANGE_DAYS);
    expect(rangeDays({ from: '2024-01-01', to: '2025-01-01' })).toBe(MAX_RANGE_DAYS + 1);
    // Across a daylight-saving change: day keys, not local times.
    expect(rangeDays({ from: '2026-03-28', to: '2026-03-30' })).toBe(3);
  });

  it('tells a range across new year', () => {
    expect(spansYears({ from: '2025-12-20', to: '2026-01-10' })).toBe(true);
    expect(spansYears({ from: '2026-01-01', to: '2026-12-31' })).toBe(false);
  });

  it.each([
    ['en', true, '2026-03-02', 'Mar 2, 2026'],
    ['en', false, '2026-03-02', 'Mar 2'],
    ['de', true, '2025-12-31', '31. Dez. 2025'],
    ['de', false, '2025-12-31', '31. Dez.'],
  ] as const)('writes a day in %s (year: %s): %s → %s', (locale, withYear, day, expected) => {
    expect(dayFormatter(locale, withYear)(day)).toBe(expected);
  });
});
