import {
  gaveUp,
  ISSUE_FAILURE_CODES,
  issueFailureOf,
  knownCode,
  rewardMissing,
  rewardNotIssuable,
  type Failure,
  type FailureParams,
} from '../../rewards/issue-failure.js';

/**
 * Why a campaign run or one of its recipients failed, as the merchant is told: the codes of handing a reward over
 * (rewards/issue-failure.ts, shared with tier perks) and those only a campaign has, each with its parameters, which the
 * admin words in the merchant's language, beside the English detail kept for operators and logs (never shown as the
 * message). Pure.
 */

export { gaveUp, rewardMissing, rewardNotIssuable, type FailureParams };

export const CAMPAIGN_FAILURE_CODES = [
  /** The campaign was deleted before its run chose recipients (run). */
  'campaign_deleted',
  /** The run's free product was deleted from the shop: `variant`. */
  'gift_product_missing',
  /** The draft order an earlier attempt created was deleted on the platform: `draftOrder`. */
  'draft_order_missing',
  ...ISSUE_FAILURE_CODES,
] as const;

export type CampaignFailureCode = (typeof CAMPAIGN_FAILURE_CODES)[number];

/** What is stored for a failure: `detail` is the English text for operators (the error's message). */
export type CampaignFailure = Failure<CampaignFailureCode>;

/**
 * A gift that cannot be delivered whatever a retry does: the campaign's reward was deleted or cannot be issued as it
 * is configured, or the draft order a previous attempt stored was deleted on the platform. Nothing was handed over.
 */
export class GiftNotDeliverableError extends Error {
  constructor(readonly failure: CampaignFailure) {
    super(failure.detail);
    this.name = 'GiftNotDeliverableError';
  }
}

export function campaignDeleted(): CampaignFailure {
  return { code: 'campaign_deleted', params: {}, detail: 'the campaign was deleted before the run chose its recipients' };
}

export function giftProductMissing(variant: string): CampaignFailure {
  return {
    code: 'gift_product_missing',
    params: { variant },
    detail: `the gift product ${variant} was deleted from the shop; choose another product for the campaign`,
  };
}

export function draftOrderMissing(draftOrder: string): CampaignFailure {
  return { code: 'draft_order_missing', params: { draftOrder }, detail: `draft order ${draftOrder} no longer exists` };
}

/** The failure a thrown delivery error stands for. */
export function failureOf(error: unknown): CampaignFailure {
  return error instanceof GiftNotDeliverableError ? error.failure : issueFailureOf(error);
}

/** A stored code as the rules know it; null for a row written before codes, or a code this version does not know. */
export function failureCodeOf(stored: string | null): CampaignFailureCode | null {
  return knownCode(CAMPAIGN_FAILURE_CODES, stored);
}
