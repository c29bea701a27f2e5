import { appendLedgerEntry } from '../loyalty/ledger/repository.js';
import { memberTransaction } from '../loyalty/members/transaction.js';
import { recordDelivery, type DeliveryContext } from './delivery.js';
import { giftLedgerKey } from './gift.js';
import type { ClaimedRecipient } from './run-repository.js';

/** The recipient was settled by another worker meanwhile: this one's booking is rolled back. */
class RecipientSettledElsewhere extends Error {}

/**
 * Bonus points: a `surprise_gift` ledger entry keyed per run and member, booked with the recipient's delivery and
 * mail in one transaction. A retry finds the key taken and books nothing (the entry it made before counts). When the
 * recipient is no longer pending (another worker, after this one's lease ran out, delivered it or gave it up), the
 * entry goes back with the transaction: no points for a recipient that reads failed.
 */
export async function deliverBonusPoints(delivery: DeliveryContext, recipient: ClaimedRecipient, points: number): Promise<void> {
  const ledgerKey = giftLedgerKey(delivery.run.id, recipient.memberId);
  try {
    await memberTransaction(delivery.ctx.db, async (tx) => {
      await appendLedgerEntry(tx, {
        shopId: recipient.shopId,
        memberId: recipient.memberId,
        delta: points,
        reason: 'surprise_gift',
        sourceId: `campaign-run:${delivery.run.id}`,
        idempotencyKey: ledgerKey,
        note: delivery.campaignName,
      });
      if (!(await recordDelivery(tx, delivery, recipient, { delivered: { ledgerKey, points } }))) throw new RecipientSettledElsewhere();
    });
  } catch (error) {
    if (!(error instanceof RecipientSettledElsewhere)) throw error;
  }
}
