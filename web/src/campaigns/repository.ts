import { z } from 'zod';
import type { Db, Tx } from '../db/client.js';
import type { RewardProduct } from '../program/repository.js';
import type { ShopRecord } from '../shops/repository.js';
import type { Campaign as CampaignRow, Prisma } from '../generated/prisma/client.js';
import type { Gift } from './gift.js';
import { NO_AUDIENCE_RULES, type AudienceRules } from './rules/audience.js';
import type { RecipientSpec } from './rules/recipients.js';
import { ONCE_PERIOD, type RecurringSchedule, type Schedule } from './rules/schedule.js';

/** A campaign as the merchant describes it. */
export interface CampaignInput {
  name: string;
  active: boolean;
  audience: AudienceRules;
  recipients: RecipientSpec;
  schedule: Schedule;
  gift: Gift;
}

export interface CampaignRecord extends CampaignInput {
  id: number;
  shopId: number;
  /** free_product: the variant's product GID, cached at save; null before it was cached, and for other gifts. */
  giftProductId: string | null;
  /**
   * free_product: the variant as the platform described it when the campaign was saved (kept once the shop deleted
   * it); null for other gifts, and for a campaign saved before it was kept.
   */
  giftProduct: RewardProduct | null;
  /** free_product: when the shop deleted the variant (rules/gift-product.ts); null while it exists. */
  giftProductMissingAt: Date | null;
  /** Set once the merchant deleted it (its runs stay). */
  deletedAt: Date | null;
  /** The editor's version: moved on by each save, which names the one its editor read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const count = z.number().int().nullable().catch(null);

/** The stored audience; a rule missing from an older row reads as unset. */
const storedAudience = z.object({
  tierIds: z.array(z.number().int()).catch([]),
  minimumTierId: count,
  minimumOrders: count,
  joinedBefore: z.string().nullable().catch(null),
  memberForDays: count,
  orderedWithinDays: count,
  notGiftedWithinDays: count,
});

function parseAudience(value: unknown): AudienceRules {
  const parsed = storedAudience.safeParse(value);
  return parsed.success ? parsed.data : NO_AUDIENCE_RULES;
}

function scheduleOf(row: CampaignRow): Schedule {
  switch (row.schedule) {
    case 'once':
      return { kind: 'once', runAt: row.runAt ?? row.createdAt };
    case 'weekly':
      return { kind: 'weekly', weekday: row.weekday ?? 1, time: row.timeOfDay ?? '09:00' };
    case 'monthly':
      return { kind: 'monthly', day: row.monthDay ?? 1, time: row.timeOfDay ?? '09:00' };
  }
}

function giftOf(row: CampaignRow): Gift {
  switch (row.giftKind) {
    case 'bonus_points':
      return { kind: 'bonus_points', points: row.giftPoints ?? 0 };
    case 'reward_code':
      return { kind: 'reward_code', rewardId: row.giftRewardId ?? 0 };
    case 'free_product':
      return { kind: 'free_product', productVariantId: row.giftProductVariantId ?? '' };
  }
}

export function toCampaignRecord(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    shopId: row.shopId,
    name: row.name,
    active: row.active,
    audience: parseAudience(row.audience),
    recipients:
      row.recipientCount !== null
        ? { mode: 'count', count: row.recipientCount }
        : { mode: 'share', share: row.recipientShare?.toString() ?? '1' },
    schedule: scheduleOf(row),
    gift: giftOf(row),
    giftProductId: row.giftProductId,
    giftProduct:
      row.giftProductTitle === null ? null : { title: row.giftProductTitle, variantTitle: row.giftVariantTitle, imageUrl: row.giftProductImageUrl },
    giftProductMissingAt: row.giftProductMissingAt,
    deletedAt: row.deletedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * What a save writes of its gift's product: its product GID and how the platform described the variant, as its lookup
 * found them (null: the gift gives no product), which clears the mark; undefined keeps what is stored, the mark
 * included (rules/gift-product.ts, save.ts).
 */
export type SavedGiftProduct = { productId: string; product: RewardProduct } | null | undefined;

/** The product columns a save writes (cached in four columns, as a free-product reward's). */
const giftProductColumns = (saved: { productId: string; product: RewardProduct } | null) => ({
  giftProductId: saved?.productId ?? null,
  giftProductTitle: saved?.product.title ?? null,
  giftVariantTitle: saved?.product.variantTitle ?? null,
  giftProductImageUrl: saved?.product.imageUrl ?? null,
  giftProductMissingAt: null,
});

/** The columns of a campaign; every column of the other kinds is cleared, so a row never mixes two kinds. */
function columnsOf(input: CampaignInput, giftProduct: SavedGiftProduct) {
  const { schedule, gift, recipients } = input;
  return {
    name: input.name,
    active: input.active,
    audience: input.audience as unknown as Prisma.InputJsonValue,
    recipientCount: recipients.mode === 'count' ? recipients.count : null,
    recipientShare: recipients.mode === 'share' ? recipients.share : null,
    schedule: schedule.kind,
    runAt: schedule.kind === 'once' ? schedule.runAt : null,
    weekday: schedule.kind === 'weekly' ? schedule.weekday : null,
    monthDay: schedule.kind === 'monthly' ? schedule.day : null,
    timeOfDay: schedule.kind === 'once' ? null : schedule.time,
    giftKind: gift.kind,
    giftPoints: gift.kind === 'bonus_points' ? gift.points : null,
    giftRewardId: gift.kind === 'reward_code' ? gift.rewardId : null,
    giftProductVariantId: gift.kind === 'free_product' ? gift.productVariantId : null,
    ...(giftProduct !== undefined && giftProductColumns(giftProduct)),
  };
}

/** The shop's campaigns, newest first (deleted ones are gone for the merchant). */
export async function listCampaigns(db: Db, shopId: number): Promise<CampaignRecord[]> {
  const rows = await db.campaign.findMany({ where: { shopId, deletedAt: null }, orderBy: { id: 'desc' } });
  return rows.map(toCampaignRecord);
}

export interface FindCampaignOptions {
  /** Also a deleted campaign (its runs still deliver what they started). @defaultValue false */
  includeDeleted?: boolean;
}

export async function findCampaign(db: Db | Tx, shopId: number, id: number, options: FindCampaignOptions = {}): Promise<CampaignRecord | null> {
  const row = await db.campaign.findFirst({ where: { id, shopId, ...(options.includeDeleted ? {} : { deletedAt: null }) } });
  return row ? toCampaignRecord(row) : null;
}

/**
 * Creates a campaign; with the client's `idempotencyKey`, only when the shop has none with that key yet (`created`
 * false: the one the key created first, also when a concurrent request with the key won the race; it may be deleted).
 */
export async function createCampaign(
  db: Db,
  shopId: number,
  input: CampaignInput,
  giftProduct: { productId: string; product: RewardProduct } | null,
  idempotencyKey: string | null,
): Promise<{ campaign: CampaignRecord; created: boolean }> {
  const data = { shopId, idempotencyKey, ...columnsOf(input, giftProduct) };
  if (idempotencyKey === null) return { campaign: toCampaignRecord(await db.campaign.create({ data })), created: true };
  // ON CONFLICT DO NOTHING on the unique (shop_id, idempotency_key): the loser of a race reads the winner's row.
  const { count } = await db.campaign.createMany({ data: [data], skipDuplicates: true });
  const campaign = await findCampaignByKey(db, shopId, idempotencyKey);
  if (!campaign) throw new Error(`campaign with key ${idempotencyKey} missing after its insert`);
  return { campaign, created: count === 1 };
}

/** The campaign the client's key created, also a deleted one; null when the key is new to the shop. */
export async function findCampaignByKey(db: Db, shopId: number, idempotencyKey: string): Promise<CampaignRecord | null> {
  const row = await db.campaign.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
  return row ? toCampaignRecord(row) : null;
}

/** Null when the shop has no such campaign. Moves the editor's version on. */
export async function updateCampaign(
  db: Db | Tx,
  shopId: number,
  id: number,
  input: CampaignInput,
  giftProduct: SavedGiftProduct,
): Promise<CampaignRecord | null> {
  const { count: updated } = await db.campaign.updateMany({ where: { id, shopId, deletedAt: null }, data: { ...columnsOf(input, giftProduct), version: { increment: 1 } } });
  return updated === 1 ? findCampaign(db, shopId, id) : null;
}

/** Marks the campaign deleted (its runs stay: they still count as gifts); false when there was none. */
export async function deleteCampaign(db: Db, shopId: number, id: number): Promise<boolean> {
  const { count: deleted } = await db.campaign.updateMany({ where: { id, shopId, deletedAt: null }, data: { deletedAt: new Date(), active: false } });
  return deleted === 1;
}

export interface ScheduledCampaign {
  campaign: CampaignRecord;
  timeZone: string;
  /** Whether a `once` campaign ran already. */
  ranOnce: boolean;
}

/** Every active campaign of every shop, with its shop's zone: what the job schedulers must reflect. */
export async function listActiveCampaigns(db: Db): Promise<ScheduledCampaign[]> {
  const rows = await db.campaign.findMany({
    where: { active: true, deletedAt: null },
    include: { shop: { select: { timezone: true } }, runs: { where: { periodKey: ONCE_PERIOD, dryRun: false }, select: { id: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({ campaign: toCampaignRecord(row), timeZone: row.shop.timezone, ranOnce: row.runs.length > 0 }));
}

/** A campaign with its shop (a job knows only the campaign's id); deleted campaigns too when asked. */
export async function findCampaignAndShop(
  db: Db,
  campaignId: number,
  options: FindCampaignOptions = {},
): Promise<{ campaign: CampaignRecord; shop: ShopRecord } | null> {
  const row = await db.campaign.findFirst({
    where: { id: campaignId, ...(options.includeDeleted ? {} : { deletedAt: null }) },
    include: { shop: true },
  });
  return row ? { campaign: toCampaignRecord(row), shop: row.shop } : null;
}

/** A weekly or monthly campaign with its shop: where a missed occurrence is looked for (missed-occurrences.ts). */
export interface RecurringCampaign {
  campaign: CampaignRecord & { schedule: RecurringSchedule };
  shop: ShopRecord;
}

/** Every active weekly or monthly campaign of an installed shop, with the shop (few: one row each, no recipients). */
export async function listRecurringCampaigns(db: Db): Promise<RecurringCampaign[]> {
  const rows = await db.campaign.findMany({
    where: { active: true, deletedAt: null, schedule: { in: ['weekly', 'monthly'] }, shop: { installedAt: { not: null }, uninstalledAt: null } },
    include: { shop: true },
    orderBy: { id: 'asc' },
  });
  return rows.flatMap((row) => {
    const campaign = toCampaignRecord(row);
    const { schedule } = campaign;
    return schedule.kind === 'once' ? [] : [{ campaign: { ...campaign, schedule }, shop: row.shop }];
  });
}
