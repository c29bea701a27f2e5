import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ExactDecimal } from '../exact-decimal.js';
import { InvalidPayloadError } from '../orders/errors.js';

/**
 * zod pieces shared by the webhook payload schemas (Shopify REST webhook bodies). Schemas are lenient about what
 * the engine does not use (unknown fields pass) and strict about what it does: whatever they accept can be stored.
 * A value the columns cannot hold must fail here, as a poison event with the field named, and not later in the
 * database, where the error looks transient and the worker retries the event for hours before giving it up.
 */

/** The error of a payload field no retry can fix (the webhook worker marks the event failed at once). */
export function payloadError(topic: string, field: string, problem: string): InvalidPayloadError {
  return new InvalidPayloadError(`invalid ${topic} payload: ${field}: ${problem}`);
}

/**
 * Shopify's ids are 64-bit integers, so at most 20 digits. A longer digit string is no id, and it would not fit the
 * unique indexes ids are stored in.
 */
const ID_DIGITS = /^\d{1,20}$/;

/** JSON.parse rounds integers beyond 2^53: such a number may name another resource than the one sent. */
const PRECISION_LOST = 'is beyond 2^53 (precision lost)';

/**
 * A numeric resource id, as a JSON number or a string of digits. A number beyond 2^53 is accepted here (its
 * `admin_graphql_api_id` may still give it exactly); `resourceId` refuses it when nothing does.
 */
export const numericId = z.union([
  z.number().nonnegative().refine(Number.isInteger, 'is not an integer'),
  z.string().regex(ID_DIGITS, 'is not a numeric id (1 to 20 digits)'),
]);

/**
 * A numeric id with nothing to recover it from when JSON.parse rounded it (no GraphQL id beside it), as a string:
 * a number beyond 2^53 is refused, as `resourceId` refuses it.
 */
export const exactId = numericId
  .refine((id) => typeof id === 'string' || Number.isSafeInteger(id), PRECISION_LOST)
  .transform(String);

/**
 * The largest amount an order (or a refund) may carry. Larger is no order any shop takes, so the event fails with
 * this reason (and can be replayed). The points an order earns are bounded separately (`MAX_ORDER_POINTS`,
 * rules/points.ts): a large order in a currency of small units (an IDR or VND shop's B2B order of billions) must
 * still earn, not be refused.
 */
export const MAX_AMOUNT = new ExactDecimal('99999999999999.9999');

/**
 * Decimal places an amount may have. The amount columns keep every digit (numeric without a scale), so points are
 * floor(amount × rate × multiplier) of the amount as sent; beyond this many places it is junk, not money.
 */
export const MAX_AMOUNT_DECIMALS = 12;

/**
 * Decimal places a JSON number is read to: JSON numbers are binary floats (59.97 may arrive as 59.97000000000001),
 * so their last digits are noise, not the shop's amount. Shopify sends amounts as decimal strings, which are exact.
 */
const JSON_NUMBER_DECIMALS = 6;

/** Why `value` is no amount the engine takes (negative, too large, too many places), or null when it is one. */
export function amountProblem(value: Decimal): string | null {
  if (value.isNegative() && !value.isZero()) return 'is negative';
  if (value.greaterThan(MAX_AMOUNT)) return `is above ${MAX_AMOUNT.toFixed()}, the largest amount taken`;
  if (value.decimalPlaces() > MAX_AMOUNT_DECIMALS) return `has more than ${MAX_AMOUNT_DECIMALS} decimal places`;
  return null;
}

/** A money amount, as the decimal string Shopify sends (or a JSON number), normalized to a plain decimal string. */
export const amount = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/, 'is not a decimal amount'), z.number().finite()])
  .transform((value, ctx) => {
    // A decimal string is taken exactly ("computed in exact decimals", CONTRACT.md); a JSON number without its noise.
    const decimal = typeof value === 'string' ? new ExactDecimal(value) : new ExactDecimal(value).toDecimalPlaces(JSON_NUMBER_DECIMALS, Decimal.ROUND_HALF_UP);
    const problem = amountProblem(decimal);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    return decimal.toFixed();
  });

/** A `MoneyBag` of the REST payloads; the engine uses the shop currency. */
export const moneySet = z.object({ shop_money: z.object({ amount }) });

/**
 * The moments taken from the platform: from 1970 to the year 9000. Shopify's are around now (imported orders may be
 * years old); values outside are junk that would fail later: Postgres refuses year 0 and JavaScript's six-digit
 * years ("+275760-…", what `toISOString` writes from the year 10000 on, the form timestamps go to SQL in). The upper
 * bound leaves room for the moments computed from a timestamp (a year's qualifying window, approval periods), which
 * must stay in four-digit years too.
 */
const EARLIEST_TIME = Date.UTC(1970, 0, 1);
const LATEST_TIME = Date.UTC(9000, 0, 1);
const TIME_RANGE = 'is outside 1970 to 9000';

function inTimeRange(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_TIME && time < LATEST_TIME;
}

/** A timestamp as text (ISO 8601 as Shopify sends it), or null when it is none or outside the range taken. */
export function parseTime(text: string): Date | null {
  const date = new Date(Date.parse(text));
  return inTimeRange(date) ? date : null;
}

export const timestamp = z
  .string()
  .transform((value) => new Date(Date.parse(value)))
  .refine((date) => !Number.isNaN(date.getTime()), { message: 'is not a timestamp', abort: true })
  .refine(inTimeRange, TIME_RANGE);

/**
 * Display text from the platform (names, emails, order names): cut to `max` characters, never refused, so an odd
 * value never costs a customer their points. The limits keep the members' sort key (name, else email) far below
 * what a btree index entry may hold (about 2,700 bytes; a 300,000-character name made the member insert fail).
 */
export function displayText(max: number) {
  return z.string().transform((value) => truncate(value, max));
}

/** Shopify caps names at 255 characters; an email address has at most 320 (RFC 5321: 64 + @ + 255). */
export const TEXT_LIMITS = { name: 255, email: 320, locale: 64 } as const;

/** At most `max` UTF-16 units (so at most `max` characters), never half of a surrogate pair. */
function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The numeric tail of a GraphQL id (`gid://shopify/Order/123`), when it is one of ID_DIGITS. */
const GID_TAIL = /\/(\d{1,20})$/;

/**
 * The id of a resource: the numeric tail of `admin_graphql_api_id` when present (a string, so ids beyond 2^53 that
 * JSON.parse would round stay exact), else `id`.
 */
export function resourceId(
  topic: string,
  field: string,
  id: number | string,
  gid: string | null | undefined,
): string {
  const tail = gid ? GID_TAIL.exec(gid)?.[1] : undefined;
  if (tail) return tail;
  if (typeof id === 'number' && !Number.isSafeInteger(id)) throw payloadError(topic, field, PRECISION_LOST);
  return String(id);
}

/** What a payload that is no JSON object is, for the reason an event fails with. */
function notAnObject(payload: unknown): string | null {
  if (payload === undefined) return 'is missing';
  if (payload === null) return 'is null, not a JSON object';
  if (Array.isArray(payload)) return 'is an array, not a JSON object';
  if (typeof payload !== 'object') return `is a ${typeof payload}, not a JSON object`;
  return null;
}

/**
 * Parses `payload` with `schema`, or throws InvalidPayloadError naming the first bad field. Every webhook body the
 * app uses is an object; the route takes any JSON (the contract answers 200 to it), so a body that is another value
 * (an array, a string, a number, a boolean, null) fails here, its event marked failed with this reason.
 */
export function parsePayload<S extends z.ZodType>(topic: string, schema: S, payload: unknown): z.output<S> {
  const kind = notAnObject(payload);
  if (kind) throw payloadError(topic, 'payload', kind);
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'payload';
  throw payloadError(topic, field, issue?.message ?? 'invalid');
}
