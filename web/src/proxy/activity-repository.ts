import type { Db } from '../db/client.js';
import { listLedgerEntries } from '../loyalty/ledger/entries.js';
import type { LedgerReason } from '../loyalty/ledger/repository.js';
import type { ProgramLocale } from '../program/default-program.js';
import { nameIn } from '../program/names.js';
import { findNamesLocale } from '../program/repository.js';

/** A ledger entry as the storefront shows it. */
export interface ActivityEntry {
  id: string;
  createdAt: Date;
  delta: number;
  reason: LedgerReason;
  balanceAfter: number;
}

/** A discount code the customer redeemed and the platform created. */
export interface IssuedCode {
  code: string;
  /** The reward's name in the language asked (as stored for none). */
  rewardName: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface CustomerActivity {
  entries: ActivityEntry[];
  codes: IssuedCode[];
  /** Points of orders not spendable yet (approval period, awaiting fulfilment); not part of the balance. */
  pendingPoints: number;
}

/**
 * The customer's newest ledger entries and issued codes (newest first, at most `limit` each) and their pending
 * points. A customer the app has not met has none of these; nothing is created for them. Pending and failed redemptions are no codes the shopper can use,
 * nor are expired codes (the platform refuses them at checkout). The codes' reward names in `language` (names.ts).
 */
export async function findCustomerActivity(
  db: Db,
  shopId: number,
  customerId: string,
  limit: number,
  language: ProgramLocale | null = null,
): Promise<CustomerActivity> {
  const member = await db.member.findUnique({
    where: { shopId_customerId: { shopId, customerId } },
    select: { id: true, pendingPoints: true },
  });
  if (!member) return { entries: [], codes: [], pendingPoints: 0 };
  const [ledger, redemptions, namesLocale] = await Promise.all([
    // Recent activity is what moved the shopper's points; tier changes show as the tier itself.
    listLedgerEntries(db, shopId, member.id, { limit, pointsOnly: true }),
    db.redemption.findMany({
      where: { memberId: member.id, status: 'issued', expiresAt: { gt: new Date() } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: { code: true, createdAt: true, expiresAt: true, reward: { select: { name: true, nameTranslation: true } } },
    }),
    // Only a request in a language needs to know which the names are in.
    language === null ? null : findNamesLocale(db, shopId),
  ]);
  return {
    entries: ledger.entries.map((e) => ({ id: e.id.toString(), createdAt: e.createdAt, delta: e.delta, reason: e.reason, balanceAfter: e.balanceAfter })),
    codes: redemptions.map((r) => ({
      code: r.code,
      rewardName: namesLocale === null ? r.reward.name : nameIn(r.reward, namesLocale, language),
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
    })),
    pendingPoints: member.pendingPoints,
  };
}
