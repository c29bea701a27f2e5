import { z } from 'zod';
import { programLocaleFor } from '../program/default-program.js';
import type { NotificationData, NotificationKind } from './messages.js';

const count = z.number().int();

/** A name in the program's other language; rows written before names had one lack it (none). */
const translation = z.string().nullish();
/** The language of the program's names (`programs.locale`), beside their translations; lacking in older rows. */
const namesLocale = z
  .string()
  .nullish()
  .transform((locale) => (locale == null ? undefined : programLocaleFor(locale)));

/**
 * What an outbox row's `data` holds: a NotificationData as JSON (dates as ISO strings). Checked when read, because
 * rows come from SQL (the scanner) and from other features (surprise gifts), and a bad row must fail alone.
 */
const storedData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points_earned'), points: count, balance: count, orderName: z.string().nullable() }),
  z.object({
    kind: z.literal('reward_redeemed'),
    rewardName: z.string(),
    rewardNameTranslation: translation,
    namesLocale,
    code: z.string(),
    expiresAt: z.coerce.date(),
    balance: count,
  }),
  z.object({
    kind: z.literal('tier_reached'),
    tierName: z.string(),
    tierNameTranslation: translation,
    previousTierName: z.string().nullable(),
    previousTierNameTranslation: translation,
    namesLocale,
  }),
  z.object({ kind: z.literal('surprise_gift'), giftDescription: z.string(), code: z.string().nullable(), points: count.nullable() }),
  z.object({ kind: z.literal('points_expiring'), points: count, expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
]);

/** A row's data as the templates take it; throws (a ZodError) when the row holds something else. */
export function parseNotificationData(value: unknown): NotificationData {
  return storedData.parse(value);
}

/** The data of one kind without its `kind`, as a producer hands it over. */
export type NotificationDataOf<K extends NotificationKind> = Omit<Extract<NotificationData, { kind: K }>, 'kind'>;

/** The JSON stored for `data` (parseNotificationData reads it back to the same value). */
export function storedNotificationData<K extends NotificationKind>(kind: K, data: NotificationDataOf<K>): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify({ ...data, kind })) as Record<string, unknown>;
  storedData.parse(json);
  return json;
}
