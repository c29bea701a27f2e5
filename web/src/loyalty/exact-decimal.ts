import { Decimal } from 'decimal.js';

/**
 * Decimal arithmetic without rounding for the amounts and points the engine computes: decimal.js rounds every result
 * to 20 significant digits by default, which a 14-digit amount with many decimal places times a rate and a
 * multiplier exceeds. An amount has at most 26 digits (payloads/fields.ts: MAX_AMOUNT, MAX_AMOUNT_DECIMALS); sums and
 * products of such amounts, rates and multipliers stay well inside 100, so every result is exact.
 */
export const ExactDecimal = Decimal.clone({ precision: 100 });
