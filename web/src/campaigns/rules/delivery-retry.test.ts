import { describe, expect, it } from 'vitest';
import { RewardNotIssuableError } from '../../rewards/issue-code.js';
import { AdminApiError, AdminApiThrottledError, AdminApiUserError, ShopNotInstalledError } from '../../shopify/admin-errors.js';
import { CreatedNotRecordedError, judgeDeliveryFailure, type DeliveryVerdict } from './delivery-retry.js';
import { failureOf, gaveUp as gaveUpFailure, GiftNotDeliverableError, rewardMissing } from './failure.js';

const refused = new AdminApiUserError('DraftOrderCreate', [{ field: ['lineItems'], message: 'Variant is out of stock' }]);
const notIssuable = new RewardNotIssuableError('free product gid://shopify/ProductVariant/1 no longer exists in the shop', 'Mug', 'product_missing');
const gone = new GiftNotDeliverableError(rewardMissing(7));
const throttled = new AdminApiThrottledError('DiscountCodeBasicCreate', 5);
const lostAnswer = new AdminApiError('Admin API unreachable: socket hang up', { status: null, outcomeUnknown: true, operation: 'DraftOrderCreate' });
const notSent = new AdminApiError('Admin API answered 502', { status: 502, outcomeUnknown: false, operation: 'DraftOrderCreate' });
const serverError = new AdminApiError('Admin API answered 503', { status: 503, outcomeUnknown: true, operation: 'DraftOrderComplete' });
const notInstalled = new ShopNotInstalledError('a.myshopify.com');
const database = new Error("Can't reach database server at localhost:5432");
const draftNotRecorded = new CreatedNotRecordedError('draft order gid://shopify/DraftOrder/1', database);

// Which failure each error stands for is failure.test.ts's; here: that the verdict records it, and the attempts.
const retry = (delayMs: number, error: unknown): DeliveryVerdict => ({ kind: 'retry', delayMs, failure: failureOf(error) });
const permanent = (error: unknown): DeliveryVerdict => ({ kind: 'permanent', failure: failureOf(error) });
const gaveUp = (error: Error, attempts: number): DeliveryVerdict => ({ kind: 'permanent', failure: gaveUpFailure(failureOf(error), attempts) });

describe('judgeDeliveryFailure with the default policy (5 attempts, 10 s doubling)', () => {
  it.each<[string, unknown, number, DeliveryVerdict]>([
    // Refused or not issuable: final on the first attempt, and on any other.
    ['platform refusal, 1st attempt', refused, 1, permanent(refused)],
    ['platform refusal, 3rd attempt', refused, 3, permanent(refused)],
    ['reward not issuable, 1st attempt', notIssuable, 1, permanent(notIssuable)],
    ['reward or draft gone, 1st attempt', gone, 1, permanent(gone)],
    ['reward or draft gone, last attempt', gone, 5, permanent(gone)],
    // May pass: retried with a doubling wait until the attempts are used up.
    ['throttled, 1st attempt', throttled, 1, retry(10_000, throttled)],
    ['throttled, 2nd attempt', throttled, 2, retry(20_000, throttled)],
    // The outcome unknown (the platform may have created it): at least 2 minutes, so its search finds what it created.
    ['lost answer, 1st attempt', lostAnswer, 1, retry(120_000, lostAnswer)],
    ['lost answer, 3rd attempt', lostAnswer, 3, retry(120_000, lostAnswer)],
    ['5xx after a mutation was sent, 4th attempt', serverError, 4, retry(120_000, serverError)],
    ['throttled, 4th attempt', throttled, 4, retry(80_000, throttled)],
    ['shop not installed, 1st attempt', notInstalled, 1, retry(10_000, notInstalled)],
    ['database unreachable, 1st attempt', database, 1, retry(10_000, database)],
    // A draft created whose id the database did not take: as a lost answer, the search must see it before a retry.
    ['a draft created but not recorded, 1st attempt', draftNotRecorded, 1, retry(120_000, draftNotRecorded)],
    ['something thrown that is not an Error', 'boom', 1, retry(10_000, 'boom')],
    // Attempts used up: failed with the last reason.
    ['throttled, 5th attempt', throttled, 5, gaveUp(throttled, 5)],
    ['lost answer, 5th attempt', lostAnswer, 5, gaveUp(lostAnswer, 5)],
    ['database unreachable, 6th attempt (a lease ran out meanwhile)', database, 6, gaveUp(database, 6)],
  ])('%s', (_name, error, attempts, expected) => {
    expect(judgeDeliveryFailure(error, attempts)).toEqual(expected);
  });
});

describe('judgeDeliveryFailure with a policy of its own', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_500, outcomeUnknownDelayMs: 1_200 };

  it.each<[unknown, number, DeliveryVerdict]>([
    [lostAnswer, 1, retry(1_200, lostAnswer)], // the outcome-unknown floor
    [throttled, 1, retry(1_000, throttled)],
    [lostAnswer, 2, retry(1_500, lostAnswer)], // capped
    [notSent, 1, retry(1_000, notSent)], // known not to have run: no floor
    [lostAnswer, 3, gaveUp(lostAnswer, 3)],
    [refused, 1, permanent(refused)],
  ])('%s after attempt %i', (error, attempts, expected) => {
    expect(judgeDeliveryFailure(error, attempts, policy)).toEqual(expected);
  });

  it('one attempt only: nothing is retried', () => {
    expect(judgeDeliveryFailure(throttled, 1, { ...policy, maxAttempts: 1 })).toEqual(gaveUp(throttled, 1));
  });
});

describe('the failure a verdict records', () => {
  it('a failure that could have passed, given up: its code, the attempts made, the detail for operators', () => {
    expect(judgeDeliveryFailure(serverError, 5)).toEqual({
      kind: 'permanent',
      failure: { code: 'platform_unavailable', params: { status: 503, attempts: 5 }, detail: 'Admin API answered 503 (gave up after 5 attempts)' },
    });
  });

  it('a refusal: Shopify’s own messages, no attempts', () => {
    expect(judgeDeliveryFailure(refused, 1)).toEqual({
      kind: 'permanent',
      failure: { code: 'platform_refused', params: { messages: ['Variant is out of stock'] }, detail: 'DraftOrderCreate refused: Variant is out of stock' },
    });
  });

  it('waiting for a retry: the code without attempts', () => {
    expect(judgeDeliveryFailure(database, 2)).toMatchObject({ kind: 'retry', failure: { code: 'internal_error', params: {} } });
  });
});
