import type { Db, Tx } from '../db/client.js';
import {
  DEFAULT_POINTS_PER_CURRENCY_UNIT,
  DEFAULT_REWARDS,
  DEFAULT_TIERS,
  programLocaleFor,
  type ProgramLocale,
  type RewardKind,
} from './default-program.js';
import { translationLocaleOf } from './names.js';

export interface TierRecord {
  id: number;
  key: string | null;
  name: string;
  threshold: number;
  /** Exact decimal string. */
  multiplier: string;
}

/** A tier of the program with its name in the program's other language (names.ts). */
export interface ProgramTier extends TierRecord {
  /** The name in the other of German and English than the program's (`ProgramRecord.locale`); null: none. */
  nameTranslation: string | null;
}

export interface RewardRecord {
  id: number;
  key: string | null;
  /** In the program's language (`ProgramRecord.locale`). */
  name: string;
  /** The name in the other of German and English; null: none. */
  nameTranslation: string | null;
  kind: RewardKind;
  cost: number;
  /** Exact decimal string or null. */
  value: string | null;
  active: boolean;
  validityDays: number;
  minimumSubtotal: string | null;
  productVariantId: string | null;
  /** free_product: the variant as the platform described it when the reward was saved. */
  product: RewardProduct | null;
  /** free_product: the variant's product GID, cached at save (null for rewards saved before it was kept). */
  productId: string | null;
  /**
   * free_product: when the app learned the variant was deleted on the platform (the reward was switched off then);
   * null while it exists.
   */
  productMissingAt: Date | null;
  /** Whether the code combines with the shop's other discount classes. */
  combinesWithOtherDiscounts: boolean;
  /** Only members at this tier or above may redeem it; null = every member. */
  minimumTierId: number | null;
}

/** What a free_product reward gives, cached from the platform at save time. */
export interface RewardProduct {
  title: string;
  /** null for a product's only (default) variant. */
  variantTitle: string | null;
  imageUrl: string | null;
}

export interface ProgramRecord {
  shopId: number;
  /** Exact decimal string. */
  pointsPerCurrencyUnit: string;
  /** The language the names are in (the default names were written in); their translations are in the other one. */
  locale: ProgramLocale;
  namesCustomized: boolean;
  /** Ascending by threshold; the first is the lowest tier. */
  tiers: ProgramTier[];
  rewards: RewardRecord[];
}

/**
 * Writes the default program of a shop that has none, its names in `locale` and their translations in the other of
 * German and English. Runs inside the shop's creation.
 */
export async function createDefaultProgram(tx: Tx, shopId: number, locale: ProgramLocale): Promise<void> {
  const other = translationLocaleOf(locale);
  await tx.program.create({
    data: { shopId, pointsPerCurrencyUnit: DEFAULT_POINTS_PER_CURRENCY_UNIT, locale },
  });
  await tx.tier.createMany({
    data: DEFAULT_TIERS.map((t) => ({
      shopId,
      key: t.key,
      name: t.names[locale],
      nameTranslation: t.names[other],
      threshold: t.threshold,
      multiplier: t.multiplier,
    })),
  });
  await tx.reward.createMany({
    data: DEFAULT_REWARDS.map((r) => ({
      shopId,
      key: r.key,
      name: r.names[locale],
      nameTranslation: r.names[other],
      kind: r.kind,
      cost: r.cost,
      value: r.value,
      validityDays: r.validityDays,
    })),
  });
}

/**
 * Re-writes the default names in `locale` (their translations in the other language), as long as the merchant has
 * not renamed anything (names follow the shop's primary locale at install).
 */
export async function localizeDefaultProgram(tx: Tx, shopId: number, locale: ProgramLocale): Promise<void> {
  const program = await tx.program.findUnique({ where: { shopId } });
  if (!program || program.namesCustomized || program.locale === locale) return;
  const other = translationLocaleOf(locale);
  for (const tier of DEFAULT_TIERS) {
    await tx.tier.updateMany({ where: { shopId, key: tier.key }, data: { name: tier.names[locale], nameTranslation: tier.names[other] } });
  }
  for (const reward of DEFAULT_REWARDS) {
    await tx.reward.updateMany({ where: { shopId, key: reward.key }, data: { name: reward.names[locale], nameTranslation: reward.names[other] } });
  }
  // The names changed: an editor showing the former ones must reload before it saves them back.
  await tx.program.update({ where: { shopId }, data: { locale, settingsVersion: { increment: 1 }, perksVersion: { increment: 1 } } });
}

/** The language the shop's tier and reward names are in (their translations in the other one); English without a program. */
export async function findNamesLocale(db: Db | Tx, shopId: number): Promise<ProgramLocale> {
  const program = await db.program.findUnique({ where: { shopId }, select: { locale: true } });
  return programLocaleFor(program?.locale);
}

export async function findProgram(db: Db | Tx, shopId: number): Promise<ProgramRecord | null> {
  const program = await db.program.findUnique({ where: { shopId } });
  if (!program) return null;
  const [tiers, rewards] = await Promise.all([
    db.tier.findMany({ where: { shopId }, orderBy: { threshold: 'asc' } }),
    db.reward.findMany({ where: { shopId }, orderBy: [{ cost: 'asc' }, { id: 'asc' }] }),
  ]);
  return {
    shopId,
    pointsPerCurrencyUnit: program.pointsPerCurrencyUnit.toString(),
    locale: programLocaleFor(program.locale),
    namesCustomized: program.namesCustomized,
    tiers: tiers.map((t) => ({
      id: t.id,
      key: t.key,
      name: t.name,
      nameTranslation: t.nameTranslation,
      threshold: t.threshold,
      multiplier: t.multiplier.toString(),
    })),
    rewards: rewards.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      nameTranslation: r.nameTranslation,
      kind: r.kind,
      cost: r.cost,
      value: r.value?.toString() ?? null,
      active: r.active,
      validityDays: r.validityDays,
      minimumSubtotal: r.minimumSubtotal?.toString() ?? null,
      productVariantId: r.productVariantId,
      product:
        r.productTitle === null ? null : { title: r.productTitle, variantTitle: r.variantTitle, imageUrl: r.productImageUrl },
      productId: r.productId,
      productMissingAt: r.productMissingAt,
      combinesWithOtherDiscounts: r.combinesWithOtherDiscounts,
      minimumTierId: r.minimumTierId,
    })),
  };
}
