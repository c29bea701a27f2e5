import type { Db, Tx } from '../db/client.js';
import type { CampaignRun as RunRow, Prisma } from '../generated/prisma/client.js';
import type { CampaignRecipientStatus, CampaignRunStatus, CampaignRunTrigger } from '../generated/prisma/enums.js';
import { failureColumns, noFailureColumns, storedFailure as storedFailureOf, type FailureRow, type StoredFailure as StoredFailureOf } from '../rewards/failure-columns.js';
import { parseGift, type Gift } from './gift.js';
import { failureCodeOf, type CampaignFailure, type CampaignFailureCode } from './rules/failure.js';
import { ONCE_PERIOD } from './rules/schedule.js';

export type { CampaignRecipientStatus, CampaignRunStatus, CampaignRunTrigger };

export interface RunRecord {
  id: number;
  campaignId: number;
  shopId: number;
  periodKey: string;
  trigger: CampaignRunTrigger;
  scheduledFor: Date | null;
  status: CampaignRunStatus;
  dryRun: boolean;
  seed: number;
  gift: Gift;
  audienceSize: number | null;
  recipientCount: number;
  deliveredCount: number;
  failedCount: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: StoredFailure | null;
  createdAt: Date;
}

/** A run's or a recipient's failure as stored (a code of rules/failure.ts, or null for a row written before codes). */
export type StoredFailure = StoredFailureOf<CampaignFailureCode>;

const storedFailure = (row: FailureRow) => storedFailureOf(row, failureCodeOf);

/** A run that will not change any more. */
export const isFinished = (status: CampaignRunStatus) => status === 'completed' || status === 'completed_with_errors' || status === 'failed';

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    campaignId: row.campaignId,
    shopId: row.shopId,
    periodKey: row.periodKey,
    trigger: row.trigger,
    scheduledFor: row.scheduledFor,
    status: row.status,
    dryRun: row.dryRun,
    seed: row.seed,
    gift: parseGift(row.gift),
    audienceSize: row.audienceSize,
    recipientCount: row.recipientCount,
    deliveredCount: row.deliveredCount,
    failedCount: row.failedCount,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: storedFailure(row),
    createdAt: row.createdAt,
  };
}

export interface NewRun {
  campaignId: number;
  shopId: number;
  periodKey: string;
  trigger: CampaignRunTrigger;
  scheduledFor: Date | null;
  seed: number;
  gift: Gift;
}

const giftJson = (gift: Gift) => JSON.stringify(gift);

/**
 * The run of (campaign, period): created when it is new, else the one that exists (whatever its gift and seed), so a
 * repeated job or a double click of "run now" with the same key comes to one run. One statement, safe under races.
 */
export async function createOrGetRun(db: Db, run: NewRun): Promise<RunRecord> {
  await db.$executeRaw`
    INSERT INTO campaign_runs (campaign_id, shop_id, period_key, trigger, scheduled_for, seed, gift, updated_at)
    VALUES (${run.campaignId}, ${run.shopId}, ${run.periodKey}, ${run.trigger}::campaign_run_trigger, ${run.scheduledFor},
      ${run.seed}, ${giftJson(run.gift)}::jsonb, now())
    ON CONFLICT (campaign_id, period_key) DO NOTHING`;
  const row = await db.campaignRun.findUniqueOrThrow({ where: { campaignId_periodKey: { campaignId: run.campaignId, periodKey: run.periodKey } } });
  return toRunRecord(row);
}

/** A preview, kept as a finished dry run with its counts and without recipients. */
export async function recordDryRun(db: Db, run: NewRun, counts: { audienceSize: number; recipientCount: number }): Promise<RunRecord> {
  const now = new Date();
  const row = await db.campaignRun.create({
    data: {
      ...run,
      gift: run.gift as unknown as Prisma.InputJsonValue,
      dryRun: true,
      status: 'completed',
      ...counts,
      startedAt: now,
      finishedAt: now,
    },
  });
  return toRunRecord(row);
}

export async function findRun(db: Db, runId: number): Promise<RunRecord | null> {
  const row = await db.campaignRun.findUnique({ where: { id: runId } });
  return row ? toRunRecord(row) : null;
}

export async function findShopRun(db: Db, shopId: number, runId: number): Promise<RunRecord | null> {
  const row = await db.campaignRun.findFirst({ where: { id: runId, shopId } });
  return row ? toRunRecord(row) : null;
}

/** A campaign's runs, newest first; previews (dry runs) only when asked for. */
export async function listRuns(db: Db, shopId: number, campaignId: number, options: { limit: number; dryRuns: boolean }): Promise<RunRecord[]> {
  const rows = await db.campaignRun.findMany({
    where: { shopId, campaignId, ...(options.dryRuns ? {} : { dryRun: false }) },
    orderBy: { id: 'desc' },
    take: options.limit,
  });
  return rows.map(toRunRecord);
}

/** The latest run of each of these campaigns that is not a preview (the campaign list's "last run"). */
export async function latestRuns(db: Db, campaignIds: readonly number[]): Promise<Map<number, RunRecord>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db.campaignRun.findMany({
    where: { campaignId: { in: [...campaignIds] }, dryRun: false },
    orderBy: { id: 'desc' },
    distinct: ['campaignId'],
  });
  return new Map(rows.map((row) => [row.campaignId, toRunRecord(row)]));
}

/**
 * Stores the chosen members as pending recipients (in the order chosen) and moves the run to `delivering`, in one
 * transaction with the run's row locked: of two workers choosing at once, one stores and the other finds the run
 * no longer pending (false) and delivers what the first stored.
 */
export async function storeRecipients(db: Db, runId: number, audienceSize: number, memberIds: readonly number[]): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<{ status: CampaignRunStatus; shop_id: number }[]>`
      SELECT status, shop_id FROM campaign_runs WHERE id = ${runId} FOR UPDATE`;
    if (run?.status !== 'pending') return false;
    await tx.$executeRaw`
      INSERT INTO campaign_recipients (run_id, shop_id, member_id, position, updated_at)
      SELECT ${runId}, ${run.shop_id}, member_id, position::int, now()
      FROM unnest(${[...memberIds]}::int[]) WITH ORDINALITY AS chosen(member_id, position)
      ON CONFLICT (run_id, member_id) DO NOTHING`;
    await tx.campaignRun.update({
      where: { id: runId },
      data: { status: 'delivering', audienceSize, recipientCount: memberIds.length, startedAt: new Date() },
    });
    return true;
  });
}

/** A recipient a worker holds, with what was delivered to them so far. */
export interface ClaimedRecipient {
  id: number;
  runId: number;
  shopId: number;
  memberId: number;
  customerId: string;
  locale: string | null;
  /** Including this one. */
  attempts: number;
  code: string | null;
  discountId: string | null;
  draftOrderId: string | null;
}

/**
 * Takes the run's next pending recipient that nobody holds (in the order chosen) for `leaseMs`: concurrent workers
 * take different ones (SKIP LOCKED), and one whose worker died is taken again once its lease ran out.
 */
export async function claimNextRecipient(db: Db, runId: number, leaseMs: number, now = new Date()): Promise<ClaimedRecipient | null> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<ClaimedRecipient[]>`
    WITH next AS (
      SELECT id FROM campaign_recipients
      WHERE run_id = ${runId} AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ${now})
      ORDER BY position
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE campaign_recipients r
    SET attempts = r.attempts + 1, claimed_until = ${leaseUntil}, updated_at = now()
    FROM next, members m
    WHERE r.id = next.id AND m.id = r.member_id
    RETURNING r.id, r.run_id AS "runId", r.shop_id AS "shopId", r.member_id AS "memberId", m.customer_id AS "customerId",
      m.locale, r.attempts, r.code, r.discount_id AS "discountId", r.draft_order_id AS "draftOrderId"`;
  return rows[0] ?? null;
}

/** What a delivery did on the platform so far, stored before its next step so a retry continues from there. */
export async function recordRecipientProgress(
  db: Db,
  recipientId: number,
  progress: { code?: string; draftOrderId?: string },
): Promise<void> {
  await db.campaignRecipient.update({ where: { id: recipientId }, data: progress });
}

export interface Delivered {
  ledgerKey?: string;
  points?: number;
  code?: string;
  discountId?: string;
  draftOrderId?: string;
  orderId?: string;
}

/** False when the recipient was no longer pending (another worker finished it). */
export async function markRecipientDelivered(tx: Tx, recipientId: number, delivered: Delivered): Promise<boolean> {
  const { count } = await tx.campaignRecipient.updateMany({
    where: { id: recipientId, status: 'pending' },
    data: { ...delivered, status: 'delivered', deliveredAt: new Date(), claimedUntil: null, ...noFailureColumns() },
  });
  return count === 1;
}

/**
 * Leaves a recipient whose delivery failed in a way that may pass for a later attempt: still pending, its lease pushed
 * to `retryAt` (no worker claims it before; the run's job resumes the run after that), with why it failed.
 */
export async function deferRecipient(db: Db, recipientId: number, retryAt: Date, failure: CampaignFailure): Promise<void> {
  await db.campaignRecipient.updateMany({
    where: { id: recipientId, status: 'pending' },
    data: { claimedUntil: retryAt, ...failureColumns(failure) },
  });
}

/**
 * When the run's next pending recipient can be claimed: the earliest lease end among them (a worker's hold, or a
 * failed delivery's backoff), the epoch when one was never claimed (due at once); null when none is pending. The
 * run's job waits until then (process.ts).
 */
export async function nextRecipientDueAt(db: Db, runId: number): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ due: Date | null }[]>`
    SELECT min(COALESCE(claimed_until, 'epoch'::timestamp)) AS due
    FROM campaign_recipients WHERE run_id = ${runId} AND status = 'pending'`;
  return row?.due ?? null;
}

/** A run that is not finished, without a sign of life (findStalledRuns). */
export interface StalledRun {
  id: number;
  campaignId: number;
  periodKey: string;
}

/**
 * Runs (not previews) still `pending` or `delivering` on which nothing happened since `stalledBefore`: neither the
 * run nor any of its recipients changed since, and no recipient is held or waits for its retry at `now`. A run with
 * a job makes progress at least every lease or backoff, so such a run has lost its job. Oldest first, at most `limit`.
 * No index serves it: runs are a few per campaign and period (previews go after a week), a scan every few minutes is
 * cheap.
 */
export async function findStalledRuns(db: Db, stalledBefore: Date, now: Date, limit: number): Promise<StalledRun[]> {
  return db.$queryRaw<StalledRun[]>`
    SELECT r.id, r.campaign_id AS "campaignId", r.period_key AS "periodKey"
    FROM campaign_runs r
    WHERE r.status IN ('pending', 'delivering') AND NOT r.dry_run AND r.updated_at < ${stalledBefore}
      AND NOT EXISTS (
        SELECT 1 FROM campaign_recipients c
        WHERE c.run_id = r.id AND (c.updated_at >= ${stalledBefore} OR (c.status = 'pending' AND c.claimed_until >= ${now}))
      )
    ORDER BY r.id
    LIMIT ${limit}`;
}

export async function markRecipientFailed(db: Db, recipientId: number, failure: CampaignFailure): Promise<void> {
  await db.campaignRecipient.updateMany({
    where: { id: recipientId, status: 'pending' },
    data: { status: 'failed', ...failureColumns(failure), claimedUntil: null },
  });
}

/**
 * Fails at once, with `failure`, the run's pending recipients no attempt ever claimed (nothing of theirs can be on the
 * platform): what a run does when its gift can no longer be handed over (the free product was deleted), instead of
 * asking the platform for each. Recipients tried before are left to their delivery, which finishes what an earlier
 * attempt started there. One statement; a recipient a worker claims meanwhile is no longer untried. Returns how many.
 */
export async function failUntriedRecipients(db: Db, runId: number, failure: CampaignFailure): Promise<number> {
  const { count } = await db.campaignRecipient.updateMany({
    where: { runId, status: 'pending', attempts: 0, draftOrderId: null },
    data: { status: 'failed', ...failureColumns(failure), claimedUntil: null },
  });
  return count;
}

/**
 * Closes a delivering run once none of its recipients is pending: `completed`, or `completed_with_errors` when some
 * failed, with the counts. Null when recipients are still pending (held by another worker): the run goes on.
 */
export async function finishRun(db: Db, runId: number): Promise<RunRecord | null> {
  const [counts] = await db.$queryRaw<{ pending: number; delivered: number; failed: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
      count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
      count(*) FILTER (WHERE status = 'failed')::int AS failed
    FROM campaign_recipients WHERE run_id = ${runId}`;
  if (!counts || counts.pending > 0) return null;
  await db.campaignRun.updateMany({
    where: { id: runId, status: 'delivering' },
    data: {
      status: counts.failed > 0 ? 'completed_with_errors' : 'completed',
      deliveredCount: counts.delivered,
      failedCount: counts.failed,
      finishedAt: new Date(),
    },
  });
  return findRun(db, runId);
}

/** A run that could not choose its recipients (its campaign is gone, or its gift product): nobody was gifted. */
export async function failRun(db: Db, runId: number, failure: CampaignFailure): Promise<void> {
  await db.campaignRun.updateMany({
    where: { id: runId, status: 'pending' },
    data: { status: 'failed', ...failureColumns(failure), finishedAt: new Date() },
  });
}

export interface RecipientRow {
  customerId: string;
  name: string | null;
  email: string | null;
  tier: { id: number; name: string } | null;
  status: CampaignRecipientStatus;
  points: number | null;
  code: string | null;
  orderId: string | null;
  draftOrderId: string | null;
  error: StoredFailure | null;
  deliveredAt: Date | null;
}

/** A run's recipients in the order they were chosen, with who they are. */
export async function listRunRecipients(db: Db, runId: number): Promise<RecipientRow[]> {
  const rows = await db.campaignRecipient.findMany({
    where: { runId },
    orderBy: { position: 'asc' },
    include: { member: { select: { customerId: true, firstName: true, lastName: true, email: true, tier: { select: { id: true, name: true } } } } },
  });
  return rows.map((row) => ({
    customerId: row.member.customerId,
    name: [row.member.firstName, row.member.lastName].filter(Boolean).join(' ') || null,
    email: row.member.email,
    tier: row.member.tier,
    status: row.status,
    points: row.points,
    code: row.code,
    orderId: row.orderId,
    draftOrderId: row.draftOrderId,
    error: storedFailure(row),
    deliveredAt: row.deliveredAt,
  }));
}

/** Whether a `once` campaign ran already (its one period has a run). */
export async function hasRunOnce(db: Db, campaignId: number): Promise<boolean> {
  return (await campaignsRunOnce(db, [campaignId])).has(campaignId);
}

/** Which of the campaigns have their `once` run (scheduled runs of a `once` campaign: it ran, or runs now). */
export async function campaignsRunOnce(db: Db, campaignIds: readonly number[]): Promise<Set<number>> {
  if (campaignIds.length === 0) return new Set();
  const runs = await db.campaignRun.findMany({
    where: { campaignId: { in: [...campaignIds] }, periodKey: ONCE_PERIOD, dryRun: false },
    select: { campaignId: true },
    distinct: ['campaignId'],
  });
  return new Set(runs.map((run) => run.campaignId));
}

/** One period of a campaign: the key its one run has. */
export interface CampaignPeriod {
  campaignId: number;
  periodKey: string;
}

/** A period as one string, for sets. */
export const periodId = (period: CampaignPeriod) => `${period.campaignId}:${period.periodKey}`;

/** Which of `periods` have their run (periodId each), through the runs' unique (campaign_id, period_key) index. */
export async function periodsWithRuns(db: Db, periods: readonly CampaignPeriod[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set();
  const rows = await db.$queryRaw<CampaignPeriod[]>`
    SELECT r.campaign_id AS "campaignId", r.period_key AS "periodKey"
    FROM unnest(${periods.map((p) => p.campaignId)}::int[], ${periods.map((p) => p.periodKey)}::text[]) AS p(campaign_id, period_key)
    JOIN campaign_runs r ON r.campaign_id = p.campaign_id AND r.period_key = p.period_key`;
  return new Set(rows.map(periodId));
}
