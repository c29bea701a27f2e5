import { isFinalIssueFailure } from '../../rewards/issue-code.js';
import { AdminApiError } from '../../shopify/admin-errors.js';
import { failureOf, gaveUp, GiftNotDeliverableError, type CampaignFailure } from './failure.js';

export interface DeliveryRetryPolicy {
  /**
   * Attempts per recipient, the first included, before a failure that could pass is taken as final. The run's job
   * waits for each retry without using its own attempts (process.ts), so this alone bounds how long a run waits.
   * @defaultValue 5
   */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. @defaultValue 10000 ms */
  baseDelayMs: number;
  /** The longest wait between two attempts. @defaultValue 300000 ms */
  maxDelayMs: number;
  /**
   * The shortest wait after a failure whose outcome is unknown (the platform may have done what was asked; its answer
   * was lost), capped by `maxDelayMs`. A free product's retry finds a draft the lost attempt created through the
   * platform's search (`draftOrders(query:)`), whose index trails the write: retried too soon, the search would miss
   * the draft and a second gift would be created. @defaultValue 120000 ms
   */
  outcomeUnknownDelayMs: number;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 300_000, outcomeUnknownDelayMs: 120_000 };

/**
 * What becomes of a recipient whose delivery failed: failed for good, or left pending until `delayMs` from now; with
 * the failure recorded either way.
 */
export type DeliveryVerdict = { kind: 'permanent'; failure: CampaignFailure } | { kind: 'retry'; delayMs: number; failure: CampaignFailure };

/** The wait after the nth failed attempt: base, 2 × base, 4 × base, ..., at most maxDelayMs. */
export function retryDelayMs(attempts: number, policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY): number {
  return Math.max(0, Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1)));
}

/**
 * Whether a retry can change the answer: the platform's refusal (`userErrors`) and a gift that cannot be issued stay
 * as they are. Anything else (throttled after the client's own retries, an answer lost in transit, a network error,
 * a 5xx, the database briefly gone, the shop not installed right now) may pass, and every delivery step is safe to
 * repeat (codes derived per recipient and looked up first, drafts found by their tag, ledger entries keyed).
 */
export function isPermanentDeliveryError(error: unknown): boolean {
  return isFinalIssueFailure(error) || error instanceof GiftNotDeliverableError;
}

/**
 * Something was created on the platform but its id could not be stored (the database failed right after): like a
 * lost answer, the retry must give the platform's search the time to see what was created. `cause` is the failure.
 */
export class CreatedNotRecordedError extends Error {
  constructor(
    what: string,
    override readonly cause: unknown,
  ) {
    super(`${what} was created but not recorded: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CreatedNotRecordedError';
  }
}

/**
 * The verdict on a failed delivery, `attempts` being the recipient's attempts including the one that failed: a
 * permanent error fails it at once; a passing one is retried with backoff until the attempts are used up, after which
 * it fails with the last failure (and the attempts made).
 */
export function judgeDeliveryFailure(error: unknown, attempts: number, policy: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY): DeliveryVerdict {
  const failure = failureOf(error);
  if (isPermanentDeliveryError(error)) return { kind: 'permanent', failure };
  if (attempts >= policy.maxAttempts) return { kind: 'permanent', failure: gaveUp(failure, attempts) };
  const outcomeUnknown = (error instanceof AdminApiError && error.details.outcomeUnknown) || error instanceof CreatedNotRecordedError;
  const floor = outcomeUnknown ? Math.min(policy.maxDelayMs, policy.outcomeUnknownDelayMs) : 0;
  return { kind: 'retry', delayMs: Math.max(floor, retryDelayMs(attempts, policy)), failure };
}
