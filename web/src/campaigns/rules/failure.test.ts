import { describe, expect, it } from 'vitest';
import { RewardNotIssuableError } from '../../rewards/issue-code.js';
import {
  AdminApiError,
  AdminApiThrottledError,
  AdminApiUnexpectedAnswerError,
  AdminApiUserError,
  ShopNotInstalledError,
} from '../../shopify/admin-errors.js';
import {
  campaignDeleted,
  draftOrderMissing,
  failureCodeOf,
  failureOf,
  gaveUp,
  giftProductMissing,
  GiftNotDeliverableError,
  rewardMissing,
  rewardNotIssuable,
  type CampaignFailure,
} from './failure.js';

const VARIANT = 'gid://shopify/ProductVariant/11';
const DRAFT = 'gid://shopify/DraftOrder/5';
const adminError = (message: string, status: number | null, outcomeUnknown = false) =>
  new AdminApiError(message, { status, outcomeUnknown, operation: 'DraftOrderCreate' });

describe('failureOf: every error a delivery throws has a code the admin words', () => {
  it.each<[string, unknown, CampaignFailure]>([
    [
      'the platform refused: its own messages, each',
      new AdminApiUserError('DraftOrderCreate', [
        { field: ['lineItems'], message: 'Variante ist nicht vorrätig' },
        { field: null, message: 'Kunde nicht gefunden' },
      ]),
      {
        code: 'platform_refused',
        params: { messages: ['Variante ist nicht vorrätig', 'Kunde nicht gefunden'] },
        detail: 'DraftOrderCreate refused: Variante ist nicht vorrätig; Kunde nicht gefunden',
      },
    ],
    [
      'still throttled',
      new AdminApiThrottledError('DiscountCodeBasicCreate', 5),
      { code: 'platform_throttled', params: {}, detail: 'Admin API still throttled after 5 attempts (DiscountCodeBasicCreate)' },
    ],
    [
      'no answer (network)',
      adminError('Admin API unreachable: fetch failed', null, true),
      { code: 'platform_unavailable', params: {}, detail: 'Admin API unreachable: fetch failed' },
    ],
    ['a 5xx', adminError('Admin API answered 503', 503, true), { code: 'platform_unavailable', params: { status: 503 }, detail: 'Admin API answered 503' }],
    ['a 4xx', adminError('Admin API answered 403', 403), { code: 'platform_error', params: { status: 403 }, detail: 'Admin API answered 403' }],
    [
      'GraphQL errors',
      adminError('Admin API GraphQL errors in DraftOrderCreate: Access denied', 200),
      { code: 'platform_error', params: { status: 200 }, detail: 'Admin API GraphQL errors in DraftOrderCreate: Access denied' },
    ],
    [
      'an answer without the draft',
      new AdminApiUnexpectedAnswerError('draftOrderCreate returned no draft order and no userErrors'),
      { code: 'platform_unexpected_answer', params: {}, detail: 'draftOrderCreate returned no draft order and no userErrors' },
    ],
    [
      'the shop uninstalled',
      new ShopNotInstalledError('a.myshopify.com'),
      { code: 'shop_not_installed', params: {}, detail: 'Shop a.myshopify.com has no offline access token' },
    ],
    [
      "the reward's product is gone (found when issuing)",
      new RewardNotIssuableError(`free product ${VARIANT} no longer exists in the shop`, 'Free mug', 'product_missing'),
      { code: 'reward_product_missing', params: { reward: 'Free mug' }, detail: `free product ${VARIANT} no longer exists in the shop` },
    ],
    [
      'the reward has no price',
      new RewardNotIssuableError(`free product ${VARIANT} has no price (abc)`, 'Free mug', 'not_configured'),
      { code: 'reward_not_configured', params: { reward: 'Free mug' }, detail: `free product ${VARIANT} has no price (abc)` },
    ],
    ['a gift that cannot be delivered: its own failure', new GiftNotDeliverableError(draftOrderMissing(DRAFT)), draftOrderMissing(DRAFT)],
    [
      'the database',
      new Error("Can't reach database server at localhost:5432"),
      { code: 'internal_error', params: {}, detail: "Can't reach database server at localhost:5432" },
    ],
    ['something thrown that is not an Error', 'boom', { code: 'internal_error', params: {}, detail: 'boom' }],
  ])('%s', (_name, error, expected) => {
    expect(failureOf(error)).toEqual(expected);
  });
});

describe('the failures the campaign rules name', () => {
  it.each<[string, CampaignFailure, CampaignFailure]>([
    [
      'campaign deleted',
      campaignDeleted(),
      { code: 'campaign_deleted', params: {}, detail: 'the campaign was deleted before the run chose its recipients' },
    ],
    [
      'gift product deleted',
      giftProductMissing(VARIANT),
      {
        code: 'gift_product_missing',
        params: { variant: VARIANT },
        detail: `the gift product ${VARIANT} was deleted from the shop; choose another product for the campaign`,
      },
    ],
    ['reward gone', rewardMissing(7), { code: 'reward_missing', params: { rewardId: '7' }, detail: 'reward 7 no longer exists' }],
    [
      "reward's product marked deleted",
      rewardNotIssuable('Free mug', 'product_missing'),
      {
        code: 'reward_product_missing',
        params: { reward: 'Free mug' },
        detail: "reward Free mug: the reward's product was deleted in the shop; pick another product for the reward",
      },
    ],
    [
      'reward not configured',
      rewardNotIssuable('10 %', 'not_configured'),
      { code: 'reward_not_configured', params: { reward: '10 %' }, detail: 'reward 10 %: the reward cannot be issued as configured' },
    ],
    ['draft deleted', draftOrderMissing(DRAFT), { code: 'draft_order_missing', params: { draftOrder: DRAFT }, detail: `draft order ${DRAFT} no longer exists` }],
  ])('%s', (_name, failure, expected) => {
    expect(failure).toEqual(expected);
  });

  it('given up: the attempts join the parameters, the detail says so', () => {
    expect(gaveUp({ code: 'platform_unavailable', params: { status: 502 }, detail: 'Admin API answered 502' }, 5)).toEqual({
      code: 'platform_unavailable',
      params: { status: 502, attempts: 5 },
      detail: 'Admin API answered 502 (gave up after 5 attempts)',
    });
  });
});

describe('failureCodeOf', () => {
  it.each<[string | null, string | null]>([
    ['platform_refused', 'platform_refused'],
    ['campaign_deleted', 'campaign_deleted'],
    // A row written before codes, or a code of a later version: no code (the admin shows the generic message).
    [null, null],
    ['some_future_code', null],
  ])('%s → %s', (stored, expected) => {
    expect(failureCodeOf(stored)).toBe(expected);
  });
});
