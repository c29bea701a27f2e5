import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { InvalidPayloadError } from '../orders/errors.js';

/**
 * zod pieces shared by the webhook payload schemas (Shopify REST webhook bodies). Schemas are lenient about what
 * the engine does not use (unknown fields pass) and strict about what it does.
 */

/**
 * A numeric resource id, as a JSON number or a string of digits. A number beyond 2^53 is accepted here (its
 * `admin_graphql_api_id` may still give it exactly); `resourceId` refuses it when nothing does.
 */
export const numericId = z.union([
  z.number().nonnegative().refine(Number.isInteger, 'is not an integer'),
  z.string().regex(/^\d+$/, 'is not a numeric id'),
]);

/** A money amount, as the decimal string Shopify sends (or a JSON number), normalized to a plain decimal string. */
export const amount = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/, 'is not a decimal amount'), z.number().finite()])
  .transform((value) => new Decimal(value).toFixed())
  .refine((value) => !value.startsWith('-'), 'is negative');

/** A `MoneyBag` of the REST payloads; the engine uses the shop currency. */
export const moneySet = z.object({ shop_money: z.object({ amount }) });

export const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a timestamp')
  .transform((value) => new Date(value));

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
  const tail = gid ? /\/(\d+)$/.exec(gid)?.[1] : undefined;
  if (tail) return tail;
  if (typeof id === 'number' && !Number.isSafeInteger(id)) {
    throw new InvalidPayloadError(`invalid ${topic} payload: ${field}: is beyond 2^53 (precision lost)`);
  }
  return String(id);
}

/** Parses `payload` with `schema`, or throws InvalidPayloadError naming the first bad field. */
export function parsePayload<S extends z.ZodType>(topic: string, schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'payload';
  throw new InvalidPayloadError(`invalid ${topic} payload: ${field}: ${issue?.message ?? 'invalid'}`);
}
