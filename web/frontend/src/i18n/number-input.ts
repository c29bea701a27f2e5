/**
 * Numbers as merchants type them: German writes `1.000,50`, English `1,000.50`. Text that is not a number in the
 * merchant's language (or could be read two ways, such as `10.5` in German) is sent as typed, so the server's 422
 * names the field, in one place for every rule. Pure, no imports: the unit test in web/test/browser imports it
 * under NodeNext.
 */

/** The locale's decimal separator (`,` in German). */
export function decimalSeparatorOf(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
}

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The decimal as plain text (`-1000.5`), or null when `text` is none: digits, optionally grouped by threes with the
 * other separator (`,` for a decimal point, `.` for a decimal comma), then optionally the decimal separator and digits.
 */
export function canonicalDecimal(text: string, decimalSeparator: string): string | null {
  const group = escape(decimalSeparator === ',' ? '.' : ',');
  const decimal = escape(decimalSeparator);
  const match = new RegExp(`^([+-]?)(\\d+|\\d{1,3}(?:${group}\\d{3})+)?(?:${decimal}(\\d+))?$`).exec(text.trim());
  if (!match || (match[2] === undefined && match[3] === undefined)) return null;
  const [, sign, whole = '0', fraction] = match;
  return `${sign === '-' ? '-' : ''}${whole.replace(/\D/g, '')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A number where the text is one; an empty field is null and anything else stays text. */
export function numberOrText(text: string, decimalSeparator: string): number | string | null {
  if (text.trim() === '') return null;
  const decimal = canonicalDecimal(text, decimalSeparator);
  return decimal === null ? text : Number(decimal);
}

/** For fields the API takes as exact decimal text (money, the point value): the canonical text, else as typed. */
export function decimalTextOrText(text: string, decimalSeparator: string): string {
  return canonicalDecimal(text, decimalSeparator) ?? text.trim();
}
