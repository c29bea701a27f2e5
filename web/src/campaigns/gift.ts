import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { MailLocale } from '../notifications/messages.js';
import { generateRedemptionCode } from '../rewards/code.js';

/** What a campaign gives each recipient. */
export type Gift =
  | { kind: 'bonus_points'; points: number }
  /** A code for one of the shop's rewards, issued without spending points. */
  | { kind: 'reward_code'; rewardId: number }
  /** The variant (its GID), sent as an order of 0.00 (a draft order with a 100 % discount, completed). */
  | { kind: 'free_product'; productVariantId: string };

export type GiftKind = Gift['kind'];

/** The ledger entry of a bonus-points gift: one per run and member, so a retried run never books it twice. */
export const giftLedgerKey = (runId: number, memberId: number) => `gift:${runId}:${memberId}`;

/** The notification's key: one mail per run and member. */
export const giftNotificationKey = (runId: number, memberId: number) => `surprise_gift:${runId}:${memberId}`;

/**
 * The discount code of a reward-code gift, derived from run and member with the app's secret: a retried run comes
 * to the same code (and finds it on the platform instead of creating a second one), yet nobody can guess it.
 */
export function giftCode(secret: string, runId: number, memberId: number): string {
  const bytes = createHmac('sha256', secret).update(giftLedgerKey(runId, memberId)).digest();
  let next = 0;
  return generateRedemptionCode((max) => (bytes[next++] ?? 0) % max);
}

/** What the mail says the gift is ("Because you are a loyal customer: …"), in the customer's language. */
export function giftDescription(gift: Gift, locale: MailLocale, rewardName: string | null): string {
  const points = (n: number) => new Intl.NumberFormat(locale).format(n);
  const one = (n: number) => new Intl.PluralRules(locale).select(n) === 'one';
  switch (gift.kind) {
    case 'bonus_points':
      return locale === 'de'
        ? `${points(gift.points)} ${one(gift.points) ? 'Bonuspunkt' : 'Bonuspunkte'}`
        : `${points(gift.points)} ${one(gift.points) ? 'bonus point' : 'bonus points'}`;
    case 'reward_code':
      return locale === 'de' ? `ein Gutschein für „${rewardName ?? 'eine Prämie'}“` : `a voucher for ${rewardName ?? 'a reward'}`;
    case 'free_product':
      return locale === 'de' ? 'ein Geschenk, das schon zu Ihnen unterwegs ist' : 'a free gift, already on its way to you';
  }
}

const storedGift = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bonus_points'), points: z.number().int() }),
  z.object({ kind: z.literal('reward_code'), rewardId: z.number().int() }),
  z.object({ kind: z.literal('free_product'), productVariantId: z.string() }),
]);

/** A run's stored gift; throws (a ZodError) when the row holds something else. */
export function parseGift(value: unknown): Gift {
  return storedGift.parse(value);
}
