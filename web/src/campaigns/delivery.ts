import type { AppContext } from '../app/context.js';
import type { Tx } from '../db/client.js';
import { mailLocaleFor } from '../notifications/messages.js';
import { queueNotification } from '../notifications/outbox-repository.js';
import type { AdminClient } from '../shopify/admin-client.js';
import type { ShopRecord } from '../shops/repository.js';
import { giftDescription, giftNotificationKey, type Gift } from './gift.js';
import type { CampaignFailure } from './rules/failure.js';
import { markRecipientDelivered, type ClaimedRecipient, type Delivered, type RunRecord } from './run-repository.js';

/** What one delivery needs to know besides its recipient. */
export interface DeliveryContext {
  ctx: AppContext;
  admin: AdminClient;
  shop: ShopRecord;
  run: RunRecord;
  campaignName: string;
  now: Date;
  /**
   * Why no new draft order may be created: the run's free product was deleted from the shop (the campaign's mark,
   * rules/gift-product.ts); null when it may. A draft an earlier attempt created is still completed.
   */
  productGone: CampaignFailure | null;
}

/** What a kind of gift hands over when it is delivered: the recipient's record and what the mail says. */
export interface GiftOutcome {
  delivered: Delivered;
  /** For the mail: the reward's name (reward codes). */
  rewardName?: string | null;
}

/**
 * Marks the recipient delivered and queues their mail, in `tx` (with whatever the delivery books there, e.g. the
 * ledger entry), so a delivered gift is always announced once and an announced gift was delivered. False when the
 * recipient was no longer pending (another worker settled it after this one's lease ran out): nothing is marked.
 */
export async function recordDelivery(tx: Tx, delivery: DeliveryContext, recipient: ClaimedRecipient, outcome: GiftOutcome): Promise<boolean> {
  if (!(await markRecipientDelivered(tx, recipient.id, outcome.delivered))) return false;
  const gift: Gift = delivery.run.gift;
  await queueNotification(tx, {
    shopId: recipient.shopId,
    memberId: recipient.memberId,
    kind: 'surprise_gift',
    idempotencyKey: giftNotificationKey(delivery.run.id, recipient.memberId),
    data: {
      giftDescription: giftDescription(gift, mailLocaleFor(recipient.locale), outcome.rewardName ?? null),
      code: outcome.delivered.code ?? null,
      points: outcome.delivered.points ?? null,
    },
  });
  return true;
}
