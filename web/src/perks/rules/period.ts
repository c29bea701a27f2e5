/**
 * A perk is granted once per calendar month of the shop: the period key is `YYYY-MM` of `at` in the shop's IANA
 * timezone (a Berlin shop's December starts at 23:00 UTC on November 30). An unknown timezone counts as UTC, as
 * the shop record's default does.
 */
export function periodKey(at: Date, timeZone: string): string {
  const parts = monthParts(at, timeZone);
  return `${parts.year}-${parts.month}`;
}

function monthParts(at: Date, timeZone: string): { year: string; month: string } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
  } catch {
    format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: '2-digit' });
  }
  const parts = format.formatToParts(at);
  const part = (type: 'year' | 'month') => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year').padStart(4, '0'), month: part('month') };
}

const MS_PER_DAY = 86_400_000;

/** A perk code is valid for its reward's validity, counted from the grant (a retry sends the same dates). */
export function grantExpiry(grantedAt: Date, validityDays: number): Date {
  return new Date(grantedAt.getTime() + validityDays * MS_PER_DAY);
}
