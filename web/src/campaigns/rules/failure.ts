import type * as Wire from '../../admin-api/wire/campaigns.js';
import { issueBlockerMessage, type IssueBlocker } from '../../rewards/issuable.js';
import { RewardNotIssuableError } from '../../rewards/issue-code.js';
import {
  AdminApiError,
  AdminApiThrottledError,
  AdminApiUnexpectedAnswerError,
  AdminApiUserError,
  ShopNotInstalledError,
} from '../../shopify/admin-errors.js';

/**
 * Why a campaign run or one of its recipients failed, as the merchant is told: a stable code with its parameters,
 * which the admin words in the merchant's language, beside the English detail kept for operators and logs (never
 * shown as the message). Pure.
 */

export const CAMPAIGN_FAILURE_CODES = [
  /** The campaign was deleted before its run chose recipients (run). */
  'campaign_deleted',
  /** The run's free product was deleted from the shop: `variant`. */
  'gift_product_missing',
  /** The campaign's reward is no longer in the program: `rewardId`. */
  'reward_missing',
  /** The reward's free product was deleted from the shop: `reward` (its name). */
  'reward_product_missing',
  /** The reward cannot be issued as it is configured (no value, no variant, no price): `reward`. */
  'reward_not_configured',
  /** The draft order an earlier attempt created was deleted on the platform: `draftOrder`. */
  'draft_order_missing',
  /** The platform refused (`userErrors`): `messages`, Shopify's own, in the shop's language. */
  'platform_refused',
  /** Still throttled after the Admin client's own retries. */
  'platform_throttled',
  /** No answer, or a 5xx: `status` when one came. */
  'platform_unavailable',
  /** Any other error answer (4xx, GraphQL errors, a body that is not JSON, a failed token refresh): `status`. */
  'platform_error',
  /** An answer without error that lacks what was asked for. */
  'platform_unexpected_answer',
  /** The shop has no access token (uninstalled). */
  'shop_not_installed',
  /** Anything else: the database, a bug. */
  'internal_error',
] as const;

export type CampaignFailureCode = (typeof CAMPAIGN_FAILURE_CODES)[number];

/**
 * A code's parameters, as the admin API sends them (each field documented there); `attempts` is set on a failure
 * that could have passed once the attempts were used up.
 */
export type FailureParams = Wire.FailureParams;

/** What is stored for a failure: `detail` is the English text for operators (the error's message). */
export interface CampaignFailure {
  code: CampaignFailureCode;
  params: FailureParams;
  detail: string;
}

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

export function rewardMissing(rewardId: number): CampaignFailure {
  return { code: 'reward_missing', params: { rewardId: String(rewardId) }, detail: `reward ${rewardId} no longer exists` };
}

/** A reward that cannot be issued; `detail` defaults to the blocker's own wording. */
export function rewardNotIssuable(reward: string, blocker: IssueBlocker, detail = `reward ${reward}: ${issueBlockerMessage(blocker)}`): CampaignFailure {
  return { code: blocker === 'product_missing' ? 'reward_product_missing' : 'reward_not_configured', params: { reward }, detail };
}

export function draftOrderMissing(draftOrder: string): CampaignFailure {
  return { code: 'draft_order_missing', params: { draftOrder }, detail: `draft order ${draftOrder} no longer exists` };
}

/** The platform's failure as a code: no answer or a 5xx is the platform being unavailable, any other an error. */
function adminFailure(error: AdminApiError): Pick<CampaignFailure, 'code' | 'params'> {
  if (error instanceof AdminApiUserError) return { code: 'platform_refused', params: { messages: error.userErrors.map((e) => e.message) } };
  if (error instanceof AdminApiThrottledError) return { code: 'platform_throttled', params: {} };
  const { status } = error.details;
  const params = status === null ? {} : { status };
  return { code: status === null || status >= 500 ? 'platform_unavailable' : 'platform_error', params };
}

/** The failure a thrown delivery error stands for. */
export function failureOf(error: unknown): CampaignFailure {
  if (error instanceof GiftNotDeliverableError) return error.failure;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof RewardNotIssuableError) return rewardNotIssuable(error.rewardName, error.blocker, detail);
  if (error instanceof AdminApiError) return { ...adminFailure(error), detail };
  if (error instanceof AdminApiUnexpectedAnswerError) return { code: 'platform_unexpected_answer', params: {}, detail };
  if (error instanceof ShopNotInstalledError) return { code: 'shop_not_installed', params: {}, detail };
  return { code: 'internal_error', params: {}, detail };
}

/** A failure that could have passed, final once `attempts` were made. */
export function gaveUp(failure: CampaignFailure, attempts: number): CampaignFailure {
  return { code: failure.code, params: { ...failure.params, attempts }, detail: `${failure.detail} (gave up after ${attempts} attempts)` };
}

/** A stored code as the rules know it; null for a row written before codes, or a code this version does not know. */
export function failureCodeOf(stored: string | null): CampaignFailureCode | null {
  return (CAMPAIGN_FAILURE_CODES as readonly string[]).includes(stored ?? '') ? (stored as CampaignFailureCode) : null;
}
