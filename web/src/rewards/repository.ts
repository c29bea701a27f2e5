import type { Db } from '../db/client.js';
import { appendLedgerEntry } from '../loyalty/ledger/repository.js';
import { ensureMember } from '../loyalty/members/repository.js';

export interface RedemptionRecord {
  id: number;
  shopId: number;
  memberId: number;
  rewardId: number;
  cost: number;
  code: string;
  expiresAt: Date;
}

export interface ReserveRedemptionInput {
  shopId: number;
  customerId: string;
  rewardId: number;
  cost: number;
  code: string;
  expiresAt: Date;
}

export type ReserveRedemptionResult =
  | { status: 'reserved'; redemption: RedemptionRecord; balance: number }
  | { status: 'insufficient'; balance: number };

/** Thrown inside the transaction to roll back the redemption row (and a member row made just for it). */
class InsufficientBalance extends Error {
  constructor(readonly balance: number) {
    super('insufficient balance');
  }
}

export const redemptionDebitKey = (redemptionId: number) => `redemption:${redemptionId}`;
export const redemptionReversalKey = (redemptionId: number) => `redemption:${redemptionId}:reversal`;

/**
 * Step 1 of the saga: a pending redemption and its debit, in one transaction. The debit is the ledger's
 * conditional update (never below zero), so concurrent redemptions can never spend the same points; when the
 * balance is short nothing stays behind. A unique violation on the code propagates (the caller draws another).
 */
export async function reserveRedemption(db: Db, input: ReserveRedemptionInput): Promise<ReserveRedemptionResult> {
  try {
    return await db.$transaction(async (tx) => {
      const memberId = await ensureMember(tx, input.shopId, input.customerId);
      const row = await tx.redemption.create({
        data: {
          shopId: input.shopId,
          memberId,
          rewardId: input.rewardId,
          cost: input.cost,
          code: input.code,
          expiresAt: input.expiresAt,
          status: 'pending',
        },
      });
      const debit = await appendLedgerEntry(tx, {
        shopId: input.shopId,
        memberId,
        delta: -input.cost,
        reason: 'redemption',
        sourceId: String(row.id),
        idempotencyKey: redemptionDebitKey(row.id),
        requireSufficientBalance: true,
      });
      if (debit.status === 'insufficient') throw new InsufficientBalance(debit.balance);
      if (debit.status === 'duplicate') throw new Error(`redemption ${row.id} was debited before it existed`);
      const redemption: RedemptionRecord = {
        id: row.id,
        shopId: row.shopId,
        memberId,
        rewardId: row.rewardId,
        cost: row.cost,
        code: row.code,
        expiresAt: row.expiresAt,
      };
      return { status: 'reserved' as const, redemption, balance: debit.balance };
    });
  } catch (error) {
    if (error instanceof InsufficientBalance) return { status: 'insufficient', balance: error.balance };
    throw error;
  }
}

/** Step 3, success: the code exists on the platform. False when the redemption was no longer pending. */
export async function markRedemptionIssued(db: Db, redemptionId: number, discountId: string): Promise<boolean> {
  const { count } = await db.redemption.updateMany({
    where: { id: redemptionId, status: 'pending' },
    data: { status: 'issued', discountId, error: null },
  });
  return count === 1;
}

export type ReverseRedemptionResult = { status: 'reversed'; balance: number } | { status: 'not_pending' };

/**
 * Step 3, compensation: the platform refused the code, so the points go back (a `redemption_reversal` entry keyed
 * per redemption) and the redemption is marked failed, together. Only a pending redemption is reversed, so the
 * saga and the reconciler can never both give the points back.
 */
export async function reverseRedemption(
  db: Db,
  redemption: Pick<RedemptionRecord, 'id' | 'shopId' | 'memberId' | 'cost'>,
  error: string,
): Promise<ReverseRedemptionResult> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.redemption.updateMany({
      where: { id: redemption.id, status: 'pending' },
      data: { status: 'failed', error: error.slice(0, 1000) },
    });
    if (count === 0) return { status: 'not_pending' as const };
    const credit = await appendLedgerEntry(tx, {
      shopId: redemption.shopId,
      memberId: redemption.memberId,
      delta: redemption.cost,
      reason: 'redemption_reversal',
      sourceId: String(redemption.id),
      idempotencyKey: redemptionReversalKey(redemption.id),
    });
    if (credit.status !== 'applied') throw new Error(`reversal of redemption ${redemption.id} was not applied`);
    return { status: 'reversed' as const, balance: credit.balance };
  });
}

export interface PendingRedemption extends RedemptionRecord {
  createdAt: Date;
  shopDomain: string;
}

/**
 * Redemptions still pending since before `before` (a crash between the debit and the code), oldest first, `limit` of
 * them after `after` (the last one of the previous page), other shops' than `exceptShopIds`.
 */
export async function findStalePendingRedemptions(
  db: Db,
  before: Date,
  limit = 100,
  after?: { createdAt: Date; id: number },
  /** Shops left out (their lookups failed in this run). */
  exceptShopIds: readonly number[] = [],
): Promise<PendingRedemption[]> {
  const rows = await db.redemption.findMany({
    where: {
      status: 'pending',
      createdAt: { lt: before },
      ...(exceptShopIds.length > 0 ? { shopId: { notIn: [...exceptShopIds] } } : {}),
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: { shop: { select: { domain: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    shopId: row.shopId,
    memberId: row.memberId,
    rewardId: row.rewardId,
    cost: row.cost,
    code: row.code,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    shopDomain: row.shop.domain,
  }));
}

/**
 * A code the platform created for a redemption that was given back meanwhile: noted on the failed redemption
 * (`discount_id` of a failed row) until it is deleted, so a failed deletion is retried by the reconciler.
 */
export async function noteLateCode(db: Db, redemptionId: number, discountId: string): Promise<boolean> {
  const { count } = await db.redemption.updateMany({ where: { id: redemptionId, status: 'failed' }, data: { discountId } });
  return count === 1;
}

/** The late code is deleted on the platform: nothing left to do. */
export async function clearLateCode(db: Db, redemptionId: number): Promise<void> {
  await db.redemption.updateMany({ where: { id: redemptionId, status: 'failed' }, data: { discountId: null } });
}

/** Late codes still to be deleted, oldest first, `limit` of them after `afterId`, other shops' than `exceptShopIds`. */
export async function findLateCodes(
  db: Db,
  limit = 100,
  afterId = 0,
  exceptShopIds: readonly number[] = [],
): Promise<{ id: number; shopId: number; discountId: string; shopDomain: string }[]> {
  const rows = await db.redemption.findMany({
    where: {
      status: 'failed',
      discountId: { not: null },
      id: { gt: afterId },
      ...(exceptShopIds.length > 0 ? { shopId: { notIn: [...exceptShopIds] } } : {}),
    },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, shopId: true, discountId: true, shop: { select: { domain: true } } },
  });
  return rows.map((row) => ({ id: row.id, shopId: row.shopId, discountId: row.discountId!, shopDomain: row.shop.domain }));
}

/** A redemption's status now (null when it is gone: the customer was erased). */
export async function redemptionStatus(db: Db, redemptionId: number): Promise<string | null> {
  const row = await db.redemption.findUnique({ where: { id: redemptionId }, select: { status: true } });
  return row?.status ?? null;
}

/** The member's current balance. */
export async function memberBalance(db: Db, memberId: number): Promise<number> {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { points: true } });
  return member.points;
}
