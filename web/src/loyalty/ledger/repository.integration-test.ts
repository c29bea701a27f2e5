import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createDb, poolOf, type Db } from '../../db/client.js';
import { sqlTransaction } from '../../db/sql-client.js';
import { ensureShop } from '../../shops/repository.js';
import { ensureMember } from '../members/repository.js';
import { appendLedgerEntries, appendLedgerEntry, isUniqueViolation } from './repository.js';

let database: TestDatabase;
let db: Db;
let shopId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shopId = (await ensureShop(db, 'ledger-test.myshopify.com')).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe('appendLedgerEntry', () => {
  it('moves the balance with the entry and records the balance it left', async () => {
    const memberId = await ensureMember(db, shopId, '1001');
    const first = await db.$transaction((tx) =>
      appendLedgerEntry(tx, { shopId, memberId, delta: 120, reason: 'order_earned', idempotencyKey: 'k1' }),
    );
    const second = await db.$transaction((tx) =>
      appendLedgerEntry(tx, { shopId, memberId, delta: -20, reason: 'refund', idempotencyKey: 'k2' }),
    );
    expect(first).toMatchObject({ status: 'applied', balance: 120 });
    expect(second).toMatchObject({ status: 'applied', balance: 100 });
    const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
    expect(member.points).toBe(100);
  });

  it('changes nothing for a repeated idempotency key', async () => {
    const memberId = await ensureMember(db, shopId, '1002');
    const entry = { shopId, memberId, delta: 50, reason: 'order_earned' as const, idempotencyKey: 'dup' };
    await db.$transaction((tx) => appendLedgerEntry(tx, entry));
    const again = await db.$transaction((tx) => appendLedgerEntry(tx, entry));
    expect(again).toEqual({ status: 'duplicate' });
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).points).toBe(50);
    expect(await db.ledgerEntry.count({ where: { memberId } })).toBe(1);
  });

  it('refuses a spend beyond the balance but lets corrections go below zero', async () => {
    const memberId = await ensureMember(db, shopId, '1003');
    const spend = await db.$transaction((tx) =>
      appendLedgerEntry(tx, {
        shopId, memberId, delta: -300, reason: 'redemption', idempotencyKey: 'spend', requireSufficientBalance: true,
      }),
    );
    expect(spend).toEqual({ status: 'insufficient', balance: 0 });
    const correction = await db.$transaction((tx) =>
      appendLedgerEntry(tx, { shopId, memberId, delta: -30, reason: 'refund', idempotencyKey: 'neg' }),
    );
    expect(correction).toMatchObject({ status: 'applied', balance: -30 });
  });

  it('never applies a key twice under concurrent transactions', async () => {
    const memberId = await ensureMember(db, shopId, '1004');
    const attempts = Array.from({ length: 8 }, () =>
      db
        .$transaction((tx) =>
          appendLedgerEntry(tx, { shopId, memberId, delta: 10, reason: 'order_earned', idempotencyKey: 'race' }),
        )
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) return { status: 'duplicate' as const };
          throw error;
        }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).points).toBe(10);
  });

  it('keeps concurrent distinct entries all counted', async () => {
    const memberId = await ensureMember(db, shopId, '1005');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.$transaction((tx) =>
          appendLedgerEntry(tx, { shopId, memberId, delta: 5, reason: 'order_earned', idempotencyKey: `many-${i}` }),
        ),
      ),
    );
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).points).toBe(100);
  });

  it('refuses to update a ledger entry (append-only)', async () => {
    await expect(db.$executeRaw`UPDATE ledger_entries SET delta = 0`).rejects.toThrow(/append-only/);
  });
});

describe('appendLedgerEntries', () => {
  it('appends for several members at once, balances running per member, known keys skipped, tier fields set', async () => {
    const [a, b] = [await ensureMember(db, shopId, '2001'), await ensureMember(db, shopId, '2002')];
    await db.$transaction((tx) =>
      appendLedgerEntry(tx, { shopId, memberId: a, delta: 5, reason: 'order_earned', idempotencyKey: 'batch-known' }),
    );
    const recheck = new Date('2027-01-01T00:00:00Z');
    // On a pg connection, as the points engine runs it (dates and bigints as Prisma sends them).
    const applied = await sqlTransaction(poolOf(db), (sql) =>
      appendLedgerEntries(
        sql,
        shopId,
        [
          { memberId: a, delta: 100, reason: 'order_earned', sourceId: 'o1', idempotencyKey: 'batch-1' },
          { memberId: b, delta: 40, reason: 'order_earned', sourceId: 'o2', idempotencyKey: 'batch-2' },
          { memberId: a, delta: 5, reason: 'order_earned', sourceId: 'o0', idempotencyKey: 'batch-known' },
          { memberId: a, delta: -30, reason: 'refund', sourceId: 'r1', idempotencyKey: 'batch-3' },
        ],
        { tierUpdates: [{ memberId: b, tierId: null, qualifyingPoints: 40, pendingPoints: 7, tierRecheckAt: recheck, lastOrderAt: null }] },
      ),
    );
    expect(applied).toBe(3);
    const entries = await db.ledgerEntry.findMany({ where: { idempotencyKey: { startsWith: 'batch-' } }, orderBy: [{ memberId: 'asc' }, { id: 'asc' }] });
    expect(entries.map((e) => [e.idempotencyKey, e.delta, e.balanceAfter])).toEqual([
      ['batch-known', 5, 5],
      ['batch-1', 100, 105],
      ['batch-3', -30, 75],
      ['batch-2', 40, 40],
    ]);
    expect(await db.member.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ points: 75 });
    expect(await db.member.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ points: 40, qualifyingPoints: 40, pendingPoints: 7, tierRecheckAt: recheck });
  });
});
