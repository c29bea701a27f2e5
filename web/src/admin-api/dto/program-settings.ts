import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { ProgramLocale } from '../../program/default-program.js';
import type { RewardRecord, TierRecord } from '../../program/repository.js';
import { toProgramView, type ProgramView } from '../../program/view.js';
import { AWARD_ON, REWARD_KINDS, type AwardOn, type ProgramSettings, type ProgramSettingsRecord } from '../../program/settings.js';
import { minimumTierOf } from '../../rewards/eligibility.js';
import { EXPIRY_MONTHS } from '../../points-expiry/rules/expiry.js';
import { PRODUCT_VARIANT_GID } from '../../rewards/products.js';
import { domainCheck } from '../../validation/field-errors.js';
import type { DomainCode } from '../../validation/messages.js';
import type { Assert, Equals, Extends } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { editorVersion, idField, requiredText, text } from './common.js';

// The wire's lists are the server's: a new kind of reward or award moment must be added to the wire types too.
type _RewardKinds = Assert<Equals<RewardRecord['kind'], Wire.RewardKind>>;
type _AwardOn = Assert<Equals<AwardOn, Wire.AwardOn>>;
type _NamesLocale = Assert<Equals<ProgramLocale, Wire.NamesLocale>>;

/**
 * `PUT /api/program/settings`: every rule that needs nothing stored (the ids are checked by saveProgramSettings).
 * Decimals arrive as JSON numbers (pointValue as a decimal string) and leave as exact decimal strings.
 */

/** Decimal text as the editor sends pointValue (`"0.01"`); other text is not a number. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A decimal with at most `places` decimals (what its column stores) within `bounds`, as an exact decimal string.
 * It arrives as a JSON number, or also as decimal text where `text` is set; anything else is not a number.
 */
function decimal(places: number, bounds: z.ZodNumber, { text = false } = {}) {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
      if (text && typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) return new Decimal(value.trim());
      ctx.addIssue({ code: 'invalid_type', expected: 'number', input: value });
      return z.NEVER;
    })
    .refine((value) => value.decimalPlaces() <= places, { ...domainCheck('decimal_places', { maximum: places }), abort: true })
    .transform((value) => value.toNumber())
    .pipe(bounds)
    .transform((value) => new Decimal(value).toFixed());
}

const name = requiredText(60, 'name_required');

/**
 * The name in the program's other language: the name's rules but optional; blank or null for none, left out to keep
 * what is stored (clients that do not know it yet change nothing).
 */
const nameTranslation = text(60)
  .nullish()
  .transform((translation) => (translation === undefined ? undefined : translation || null));

/** An optional id: left out or null for something new. */
const optionalId = idField.nullish().transform((id) => id ?? null);

const tier = z.object({
  id: optionalId,
  name,
  nameTranslation,
  threshold: z.number().int().min(0).max(1_000_000_000),
  multiplier: decimal(4, z.number().min(0.1).max(10)),
});

/**
 * An amount_off reward takes off less than this, in the shop's currency: its column, numeric(12,4), holds at most
 * 99,999,999.9999 (the bound itself overflowed it: a 500).
 */
const AMOUNT_OFF_LIMIT = 100_000_000;

/** What `value` must be for each kind of reward, and the rule's code when it is not; null: no value allowed. */
const VALUE_RULES: Record<(typeof REWARD_KINDS)[number], { check: (v: number) => boolean; issue: ReturnType<typeof domainCheck> } | null> = {
  percentage_off: { check: (v) => v > 0 && v <= 1, issue: domainCheck('reward_value_fraction') },
  amount_off: { check: (v) => v > 0 && v < AMOUNT_OFF_LIMIT, issue: domainCheck('reward_value_amount', { maximum: AMOUNT_OFF_LIMIT }) },
  free_shipping: null,
  free_product: null,
};

const reward = z
  .object({
    id: optionalId,
    name,
    nameTranslation,
    kind: z.enum(REWARD_KINDS),
    cost: z.number().int().min(1).max(1_000_000),
    value: decimal(4, z.number()).nullable(),
    active: z.boolean(),
    /** The rest (issue 4) may be left out: an existing reward keeps what it has, a new one gets the defaults. */
    minimumSubtotal: decimal(2, z.number().gt(0).lt(AMOUNT_OFF_LIMIT), { text: true }).nullish(),
    validityDays: z.number().int().min(1).max(365).optional(),
    combinesWithOtherDiscounts: z.boolean().optional(),
    /** One of the shop's saved tiers (checked by saveProgramSettings); null for every member. */
    minimumTierId: idField.nullish(),
    /** free_product's variant GID (required there, looked up on the platform when saved); cleared for other kinds. */
    productVariantId: z
      .string()
      .trim()
      .refine((id) => PRODUCT_VARIANT_GID.test(id), domainCheck('reward_product_unknown'))
      .nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'free_product' && !r.productVariantId) {
      ctx.addIssue({ code: 'custom', path: ['productVariantId'], ...domainCheck('reward_product_required') });
    }
    const rule = VALUE_RULES[r.kind];
    if (rule === null && r.value !== null) {
      ctx.addIssue({ code: 'custom', path: ['value'], ...domainCheck('reward_value_not_allowed') });
    } else if (rule !== null && (r.value === null || !rule.check(Number(r.value)))) {
      ctx.addIssue({ code: 'custom', path: ['value'], ...rule.issue });
    }
  })
  .transform((r) => ({ ...r, productVariantId: r.kind === 'free_product' ? r.productVariantId : null }));

/**
 * The most rewards a program may have. Rewards are never removed (redemptions refer to them) and every save lists
 * them all, so the cap is on adding: a list longer than this may not hold a new reward. A shop that has more from
 * before the cap can still save its list unchanged in number (storedIdIssues refuses ids that are not its own).
 */
export const MAX_REWARDS = 50;

/** Adds an issue at `list.i.field` for every item whose `field` repeats an earlier item's. */
function flagRepeats<T>(ctx: z.RefinementCtx, list: string, items: readonly T[], field: keyof T & string, code: DomainCode) {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const value = item[field];
    if (value === null || value === undefined) return;
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [list, i, field], ...domainCheck(code) });
    seen.add(value);
  });
}

export const programSettingsBody = z
  .object({
    version: editorVersion,
    earning: z.object({
      pointsPerCurrencyUnit: decimal(4, z.number().gt(0).max(1000)),
      pointValue: decimal(6, z.number().min(0).lt(1_000_000), { text: true }),
      /** Issue 4's earning safeguards; left out, the stored ones stay. */
      awardOn: z.enum(AWARD_ON).optional(),
      approvalDays: z.number().int().min(0).max(365).optional(),
    }),
    /** Points expiry; left out, the stored one stays. */
    pointsExpireAfterMonths: z.number().int().min(EXPIRY_MONTHS.min).max(EXPIRY_MONTHS.max).nullable().optional(),
    tiers: z.array(tier).min(1).max(10),
    rewards: z.array(reward),
  })
  .superRefine((s, ctx) => {
    // Unique thresholds and the lowest at 0: exactly one tier starts at 0.
    flagRepeats(ctx, 'tiers', s.tiers, 'threshold', 'threshold_taken');
    flagRepeats(ctx, 'tiers', s.tiers, 'id', 'tier_listed_twice');
    flagRepeats(ctx, 'rewards', s.rewards, 'id', 'reward_listed_twice');
    if (s.rewards.length > MAX_REWARDS && s.rewards.some((r) => r.id === null)) {
      ctx.addIssue({ code: 'custom', path: ['rewards'], ...domainCheck('rewards_too_many', { maximum: MAX_REWARDS }) });
    }
    if (s.tiers.length > 0 && !s.tiers.some((t) => t.threshold === 0)) {
      const thresholds = s.tiers.map((t) => t.threshold);
      const lowest = thresholds.indexOf(Math.min(...thresholds));
      ctx.addIssue({ code: 'custom', path: ['tiers', lowest, 'threshold'], ...domainCheck('lowest_tier_not_zero') });
    }
  })
  .transform(
    (s): ProgramSettings => ({
      version: s.version,
      pointsPerCurrencyUnit: s.earning.pointsPerCurrencyUnit,
      pointValue: s.earning.pointValue,
      ...(s.earning.awardOn !== undefined && { awardOn: s.earning.awardOn }),
      ...(s.earning.approvalDays !== undefined && { approvalDays: s.earning.approvalDays }),
      ...(s.pointsExpireAfterMonths !== undefined && { pointsExpireAfterMonths: s.pointsExpireAfterMonths }),
      tiers: s.tiers,
      rewards: s.rewards,
    }),
  );

type _Body = Assert<Extends<Wire.Versioned<Wire.ProgramSettingsBody>, z.input<typeof programSettingsBody>>>;

/** `GET|PUT /api/program/settings` answer: the editor's shape (ids as strings, decimals as numbers, pointValue a string). */
export function toProgramSettingsJson({ program, pointValue, awardOn, approvalDays, pointsExpireAfterMonths, version }: ProgramSettingsRecord): Wire.ProgramSettings {
  const view = toProgramView(program);
  return {
    version,
    namesLocale: program.locale,
    earning: { ...view.earning, pointValue: new Decimal(pointValue).toFixed(), awardOn, approvalDays },
    pointsExpireAfterMonths,
    tiers: view.tiers.map((t, i) => ({ ...t, nameTranslation: program.tiers[i]!.nameTranslation })),
    rewards: view.rewards.map((r, i) => rewardSettingsJson(r, program.rewards[i]!, program.tiers)),
  };
}

/** A reward in the editor's shape: the program view's fields and the catalog's (issue 4); the product read-only. */
function rewardSettingsJson(view: ProgramView['rewards'][number], reward: RewardRecord, tiers: readonly TierRecord[]): Wire.RewardSettings {
  const tier = minimumTierOf(reward, tiers);
  return {
    ...view,
    nameTranslation: reward.nameTranslation,
    minimumSubtotal: reward.minimumSubtotal === null ? null : new Decimal(reward.minimumSubtotal).toFixed(2),
    validityDays: reward.validityDays,
    combinesWithOtherDiscounts: reward.combinesWithOtherDiscounts,
    minimumTierId: tier ? String(tier.id) : null,
    productVariantId: reward.productVariantId,
    product: reward.product,
    /** When its product was deleted in the shop (it was switched off then); null otherwise. */
    productMissingAt: reward.productMissingAt?.toISOString() ?? null,
  };
}
