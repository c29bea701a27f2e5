import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { MemberSummary } from '../../campaigns/audience-repository.js';
import type { GiftKind } from '../../campaigns/gift.js';
import type { CampaignInput, CampaignRecord } from '../../campaigns/repository.js';
import type { CampaignFailureCode, FailureParams } from '../../campaigns/rules/failure.js';
import type { GiftProductView } from '../../campaigns/rules/gift-product.js';
import { instantOf } from '../../campaigns/rules/zoned.js';
import type {
  CampaignRecipientStatus,
  CampaignRunStatus,
  CampaignRunTrigger,
  RecipientRow,
  RunRecord,
} from '../../campaigns/run-repository.js';
import { domainCheck } from '../../validation/field-errors.js';
import type { Assert, Equals, Extends } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { calendarDate, dateTime, editorVersion, idField, isoOrNull, requiredText } from './common.js';
import { failureJson } from './failure.js';

// The wire's lists are the server's: a new status, trigger or kind must be added to the wire types too.
type _RunStatuses = Assert<Equals<CampaignRunStatus, Wire.RunStatus>>;
type _RunTriggers = Assert<Equals<CampaignRunTrigger, Wire.RunTrigger>>;
type _RecipientStatuses = Assert<Equals<CampaignRecipientStatus, Wire.RecipientStatus>>;
type _GiftKinds = Assert<Equals<GiftKind, Wire.GiftKind>>;
type _ScheduleKinds = Assert<Equals<CampaignRecord['schedule']['kind'], Wire.ScheduleKind>>;
type _FailureCodes = Assert<Equals<CampaignFailureCode, Wire.FailureCode>>;
type _FailureParams = Assert<Equals<FailureParams, Wire.FailureParams>>;

/**
 * `POST /api/campaigns` and `PUT /api/campaigns/:id`: every rule that needs nothing stored (the tiers and the reward
 * are checked by saveCampaign). Each of recipients, schedule and gift is one of several shapes, picked by its
 * `mode`/`kind`; an unknown one is named on that field, a missing field of the chosen shape on that field.
 */

/**
 * An object picked by its `field` among the `options`: a wrong or missing `field` reads "Choose one of: …" on that
 * field (zod's discriminated union alone says only "invalid input"), a missing field of the picked shape is named.
 */
function oneOf<U extends z.ZodDiscriminatedUnion>(field: string, values: readonly [string, ...string[]], options: U) {
  // The union checks `field` again; the cast only tells the pipe it takes the object the first step let through.
  return z.object({ [field]: z.enum(values) }).loose().pipe(options as unknown as z.ZodType<z.output<U>, never>);
}

const days = z.number().int().min(1).max(3650).nullable().default(null);

const audience = z.object({
  tierIds: z.array(idField).max(20).default([]),
  minimumTierId: idField.nullable().default(null),
  minimumOrders: z.number().int().min(1).max(100_000).nullable().default(null),
  joinedBefore: calendarDate.nullable().default(null),
  memberForDays: days,
  orderedWithinDays: days,
  notGiftedWithinDays: days,
});

const recipients = oneOf('mode', ['count', 'share'], z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('count'), count: z.number().int().min(1).max(100_000) }),
  z.object({
    mode: z.literal('share'),
    // A fraction on the wire, a percentage in the editor: the message speaks of percent.
    share: z
      .number()
      .refine((n) => n > 0 && n <= 1, domainCheck('share_percent'))
      .refine((n) => new Decimal(n).decimalPlaces() <= 4, domainCheck('decimal_places', { maximum: 4 }))
      .transform((n) => new Decimal(n).toFixed()),
  }),
]));

/** `HH:MM`, 00:00 to 23:59, in the shop's time zone. */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

const schedule = oneOf('kind', ['once', 'weekly', 'monthly'], z.discriminatedUnion('kind', [
  // With an offset, or without one: then it is the shop's wall-clock time (toCampaignInput resolves it). Whether it
  // is still to come needs the clock and what is stored: runAtIssues.
  z.object({ kind: z.literal('once'), runAt: dateTime({ offset: true, local: true }) }),
  z.object({ kind: z.literal('weekly'), weekday: z.number().int().min(1).max(7), time }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28), time }),
]));

const gift = oneOf('kind', ['bonus_points', 'reward_code', 'free_product'], z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bonus_points'), points: z.number().int().min(1).max(1_000_000) }),
  z.object({ kind: z.literal('reward_code'), rewardId: idField }),
  z.object({ kind: z.literal('free_product'), productVariantId: z.string().trim().regex(/^gid:\/\/shopify\/ProductVariant\/\d{1,20}$/) }),
]));

export const campaignBody = z.object({
  name: requiredText(100, 'name_required'),
  active: z.boolean().default(true),
  audience: audience.prefault({}),
  recipients,
  schedule,
  gift,
});

export type CampaignBody = z.output<typeof campaignBody>;

/** A client's key for a request it may repeat: the same key twice is the same outcome (a double click, a retry). */
const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** `POST /api/campaigns`: with the new-campaign form's key, a repeat answers the campaign the first one created. */
export const newCampaignBody = campaignBody.extend({ idempotencyKey: idempotencyKey.optional() });

/** `PUT /api/campaigns/:id`: with the version the editor read (409 when the campaign was saved since). */
export const campaignUpdateBody = campaignBody.extend({ version: editorVersion });

// zod types the input of oneOf's fields as loose objects; their shapes are the answer's, checked by toCampaignJson.
type Picked = 'recipients' | 'schedule' | 'gift';
type _Body = Assert<Extends<Omit<Wire.CampaignBody, Picked>, Omit<z.input<typeof campaignBody>, Picked>>>;
type _NewBody = Assert<Extends<Omit<Wire.NewCampaignBody, Picked>, Omit<z.input<typeof newCampaignBody>, Picked>>>;
type _UpdateBody = Assert<Extends<Omit<Wire.Versioned<Wire.CampaignBody>, Picked>, Omit<z.input<typeof campaignUpdateBody>, Picked>>>;

/** The campaign the body describes, a `once` time without an offset read in the shop's zone. */
export function toCampaignInput(body: CampaignBody, timeZone: string): CampaignInput {
  const { schedule } = body;
  return { ...body, schedule: schedule.kind === 'once' ? { kind: 'once', runAt: instantOf(schedule.runAt, timeZone) } : schedule };
}

/** `POST /api/campaigns/:id/run`: the same key twice is the same run (a double click, a retried request). */
export const runBody = z
  .object({ idempotencyKey: idempotencyKey.optional() })
  .optional()
  .transform((body) => body ?? {});

/** `?dryRuns=true` lists previews too. */
export const runsQuery = z.object({ dryRuns: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });

type _RunBody = Assert<Extends<Wire.RunCampaignBody, z.input<typeof runBody>>>;
type _RunsQuery = Assert<Equals<z.input<typeof runsQuery>, Wire.CampaignRunsQuery>>;

const tierJson = (tier: { id: number; name: string } | null) => (tier ? { id: String(tier.id), name: tier.name } : null);

export function toRunJson(run: RunRecord): Wire.CampaignRun {
  return {
    id: String(run.id),
    campaignId: String(run.campaignId),
    periodKey: run.periodKey,
    trigger: run.trigger,
    scheduledFor: isoOrNull(run.scheduledFor),
    status: run.status,
    dryRun: run.dryRun,
    audienceSize: run.audienceSize,
    recipientCount: run.recipientCount,
    deliveredCount: run.deliveredCount,
    failedCount: run.failedCount,
    startedAt: isoOrNull(run.startedAt),
    finishedAt: isoOrNull(run.finishedAt),
    ...failureJson(run.error),
    createdAt: run.createdAt.toISOString(),
  };
}

function scheduleJson(schedule: CampaignRecord['schedule']) {
  return schedule.kind === 'once' ? { kind: schedule.kind, runAt: schedule.runAt.toISOString() } : schedule;
}

function giftJson(gift: CampaignRecord['gift']) {
  return gift.kind === 'reward_code' ? { kind: gift.kind, rewardId: String(gift.rewardId) } : gift;
}

export function toCampaignJson(campaign: CampaignRecord, state: { nextRunAt: Date | null; lastRun: RunRecord | null }): Wire.Campaign {
  const { audience } = campaign;
  return {
    id: String(campaign.id),
    name: campaign.name,
    active: campaign.active,
    audience: {
      ...audience,
      tierIds: audience.tierIds.map(String),
      minimumTierId: audience.minimumTierId === null ? null : String(audience.minimumTierId),
    },
    recipients:
      campaign.recipients.mode === 'count' ? campaign.recipients : { mode: 'share' as const, share: Number(campaign.recipients.share) },
    schedule: scheduleJson(campaign.schedule),
    gift: giftJson(campaign.gift),
    nextRunAt: isoOrNull(state.nextRunAt),
    lastRun: state.lastRun ? toRunJson(state.lastRun) : null,
    giftProductMissingAt: isoOrNull(campaign.giftProductMissingAt),
    savedGiftProduct: campaign.gift.kind === 'free_product' ? campaign.giftProduct : null,
    version: campaign.version,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

/** What the editor shows of a free-product gift's variant. */
export function toGiftProductJson(view: GiftProductView | null): Wire.GiftProductInfo | null {
  if (view === null) return null;
  return view.status === 'found' ? { status: 'found', ...view.product } : view;
}

export function toPreviewRecipientJson(member: MemberSummary): Wire.PreviewRecipient {
  return { customerId: member.customerId, name: member.name, email: member.email, tier: tierJson(member.tier) };
}

export function toRecipientJson(recipient: RecipientRow): Wire.RunRecipient {
  return {
    ...toPreviewRecipientJson({ ...recipient, memberId: 0 }),
    status: recipient.status,
    points: recipient.points,
    code: recipient.code,
    orderId: recipient.orderId,
    draftOrderId: recipient.draftOrderId,
    ...failureJson(recipient.error),
    deliveredAt: isoOrNull(recipient.deliveredAt),
  };
}
