import type * as Wire from '../admin-api/wire/failures.js';
import {
  AdminApiError,
  AdminApiThrottledError,
  AdminApiUnexpectedAnswerError,
  AdminApiUserError,
  ShopNotInstalledError,
} from '../shopify/admin-errors.js';
import { issueBlockerMessage, type IssueBlocker } from './issuable.js';
import { RewardNotIssuableError } from './issue-code.js';

/**
 * Why handing a reward to a member failed (a campaign's gift, a tier perk's code), as the merchant is told: a stable
 * code with its parameters, which the admin words in the merchant's language, beside the English detail kept for
 * operators and logs (never shown as the message). One classification for every domain that hands rewards over;
 * campaigns add codes of their own (campaigns/rules/failure.ts). Pure.
 */

export const ISSUE_FAILURE_CODES = [
  /** The reward is no longer in the program: `rewardId`. */
  'reward_missing',
  /** The reward's free product was deleted from the shop: `reward` (its name). */
  'reward_product_missing',
  /** The reward cannot be issued as it is configured (no value, no variant, no price): `reward`. */
  'reward_not_configured',
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
  /** The shop has no access token (uninstalled, or its token lost). */
  'shop_not_installed',
  /** Anything else: the database, a bug. */
  'internal_error',
] as const;

export type IssueFailureCode = (typeof ISSUE_FAILURE_CODES)[number];

/**
 * A code's parameters, as the admin API sends them (each field documented there); `attempts` is set on a failure
 * that could have passed once the attempts were used up.
 */
export type FailureParams = Wire.FailureParams;

/** What is stored for a failure: `detail` is the English text for operators (the error's message). */
export interface Failure<Code extends string = IssueFailureCode> {
  code: Code;
  params: FailureParams;
  detail: string;
}

export function rewardMissing(rewardId: number): Failure {
  return { code: 'reward_missing', params: { rewardId: String(rewardId) }, detail: `reward ${rewardId} no longer exists` };
}

/** A reward that cannot be issued; `detail` defaults to the blocker's own wording. */
export function rewardNotIssuable(reward: string, blocker: IssueBlocker, detail = `reward ${reward}: ${issueBlockerMessage(blocker)}`): Failure {
  return { code: blocker === 'product_missing' ? 'reward_product_missing' : 'reward_not_configured', params: { reward }, detail };
}

/** The platform's failure as a code: no answer or a 5xx is the platform being unavailable, any other an error. */
function adminFailure(error: AdminApiError): Pick<Failure, 'code' | 'params'> {
  if (error instanceof AdminApiUserError) return { code: 'platform_refused', params: { messages: error.userErrors.map((e) => e.message) } };
  if (error instanceof AdminApiThrottledError) return { code: 'platform_throttled', params: {} };
  const { status } = error.details;
  const params = status === null ? {} : { status };
  return { code: status === null || status >= 500 ? 'platform_unavailable' : 'platform_error', params };
}

/** The failure a thrown error of issuing a reward (or of anything around it) stands for. */
export function issueFailureOf(error: unknown): Failure {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof RewardNotIssuableError) return rewardNotIssuable(error.rewardName, error.blocker, detail);
  if (error instanceof AdminApiError) return { ...adminFailure(error), detail };
  if (error instanceof AdminApiUnexpectedAnswerError) return { code: 'platform_unexpected_answer', params: {}, detail };
  if (error instanceof ShopNotInstalledError) return { code: 'shop_not_installed', params: {}, detail };
  return { code: 'internal_error', params: {}, detail };
}

/** A failure that could have passed, final once `attempts` were made. */
export function gaveUp<Code extends string>(failure: Failure<Code>, attempts: number): Failure<Code> {
  return { code: failure.code, params: { ...failure.params, attempts }, detail: `${failure.detail} (gave up after ${attempts} attempts)` };
}

/** A stored code as `codes` know it; null for a row written before codes, or a code this version does not know. */
export function knownCode<Code extends string>(codes: readonly Code[], stored: string | null): Code | null {
  return (codes as readonly string[]).includes(stored ?? '') ? (stored as Code) : null;
}

/** A stored code of handing a reward over (a perk grant's); null for a row written before codes, or an unknown one. */
export function issueFailureCodeOf(stored: string | null): IssueFailureCode | null {
  return knownCode(ISSUE_FAILURE_CODES, stored);
}
