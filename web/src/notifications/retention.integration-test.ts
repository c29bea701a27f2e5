import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import { createDb, type Db } from '../db/client.js';
import { createLogger } from '../logger.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { NOTIFICATION_LOOKBACK_MS } from './jobs.js';
import { notificationRetentionJob, pruneFinishedNotifications } from './retention.js';
import { scanNotifications } from './scan-repository.js';
import { findSubscriber, unsubscribe } from './subscriber-repository.js';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe.js';

/** The outbox's retention on real Postgres: which rows go, in what batches, and that nothing comes back or breaks. */
const DAY = 86_400_000;
let database: TestDatabase;
let db: Db;
let shop: ShopRecord;
let memberId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'outbox-retention.myshopify.com');
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  await db.$executeRaw`TRUNCATE members, notifications, notification_scan_cursors CASCADE`;
  const [row] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO members (shop_id, customer_id, email, locale, updated_at)
    VALUES (${shop.id}, '7001', 'kundin@example.com', 'de', now()) RETURNING id`;
  memberId = row!.id;
});

type Status = 'pending' | 'sent' | 'skipped' | 'failed';

/** An outbox row created `daysAgo` days ago, in `status` (a pending one with attempts is a retry). */
async function outboxRow(key: string, status: Status, daysAgo: number, attempts = status === 'pending' ? 0 : 1): Promise<void> {
  const createdAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  await db.$executeRaw`
    INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data, status, attempts, error, created_at)
    VALUES (${shop.id}, ${memberId}, 'points_earned', ${key}, '{"kind": "points_earned", "points": 5, "balance": 5}'::jsonb,
      ${status}::notification_status, ${attempts}, CASE WHEN ${attempts} > 0 AND ${status} = 'pending' THEN 'smtp: 451' END,
      ${createdAt}::timestamp)`;
}

const keys = async () =>
  (await db.$queryRaw<{ key: string }[]>`SELECT idempotency_key AS key FROM notifications ORDER BY idempotency_key`).map((r) => r.key);

describe('pruneFinishedNotifications', () => {
  it('deletes sent, skipped and given-up rows created before the cutoff, oldest first and at most the limit', async () => {
    await outboxRow('a-old-sent', 'sent', 200);
    await outboxRow('b-old-skipped', 'skipped', 150);
    await outboxRow('c-old-failed', 'failed', 120);
    await outboxRow('d-old-pending', 'pending', 200);
    await outboxRow('e-old-retrying', 'pending', 150, 3);
    await outboxRow('f-recent-sent', 'sent', 30);
    await outboxRow('g-recent-failed', 'failed', 89);
    await outboxRow('h-new-pending', 'pending', 0);
    const cutoff = new Date(Date.now() - 90 * DAY);

    expect(await pruneFinishedNotifications(db, cutoff, 2)).toBe(2);
    expect(await keys()).toEqual(['c-old-failed', 'd-old-pending', 'e-old-retrying', 'f-recent-sent', 'g-recent-failed', 'h-new-pending']);
    expect(await pruneFinishedNotifications(db, cutoff, 2)).toBe(1);
    expect(await pruneFinishedNotifications(db, cutoff, 2)).toBe(0);
    // Pending rows stay whatever their age (a retry, a sender's claim); recent finished ones for the merchant.
    expect(await keys()).toEqual(['d-old-pending', 'e-old-retrying', 'f-recent-sent', 'g-recent-failed', 'h-new-pending']);
  });

  it('works through a backlog batch by batch, past pending rows among the old ones', async () => {
    for (let i = 0; i < 25; i += 1) {
      await outboxRow(`old-${String(i).padStart(2, '0')}`, i % 5 === 0 ? 'pending' : 'sent', 400 - i);
    }
    await outboxRow('recent', 'sent', 1);
    const job = notificationRetentionJob({ db, log: createLogger('silent') } as AppContext, { batchSize: 8 });
    const continued: boolean[] = [];
    for (let run = 0; run < 4; run += 1) continued.push(await job.run());

    // 20 finished old rows: batches of 8, 8 and 4; the last full batch says more may be left, the short one does not.
    expect(continued).toEqual([true, true, false, false]);
    expect(await keys()).toEqual(['old-00', 'old-05', 'old-10', 'old-15', 'old-20', 'recent']);
  });
});

describe('what refers to a deleted row', () => {
  it('the scanner does not announce its event again: deleted rows are far outside its look-back', async () => {
    const at = new Date(Date.now() - 100 * DAY);
    await db.$executeRaw`
      INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, created_at)
      VALUES (${shop.id}, ${memberId}, 50, 'order_earned', 'order-1', 'order-1:earn', 50, ${at}::timestamp)`;
    await db.$executeRaw`
      INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data, status, created_at)
      VALUES (${shop.id}, ${memberId}, 'points_earned', 'points_earned:order-1:earn', '{}'::jsonb, 'sent', ${at}::timestamp)`;

    expect(await pruneFinishedNotifications(db, new Date(Date.now() - 90 * DAY), 100)).toBe(1);
    expect(await scanNotifications(db, { since: new Date(Date.now() - NOTIFICATION_LOOKBACK_MS), limit: 500 })).toBe(0);
    expect(await keys()).toEqual([]);
  });

  it("an old mail's unsubscribe link still works: it names the shop and customer, not the row", async () => {
    await outboxRow('sent-long-ago', 'sent', 120);
    await pruneFinishedNotifications(db, new Date(Date.now() - 90 * DAY), 100);
    const verified = verifyUnsubscribeToken(unsubscribeToken({ shopDomain: shop.domain, customerId: '7001' }, 's3cret'), 's3cret');
    if (!verified.valid) throw new Error('token not valid');

    expect(await findSubscriber(db, verified.subject)).toMatchObject({ unsubscribed: false });
    expect(await unsubscribe(db, verified.subject, new Date())).toMatchObject({ unsubscribed: true });
  });

  it('a retention within the scanner look-back is refused: the scanner would mail the customer again', () => {
    const ctx = { db, log: createLogger('silent') } as AppContext;
    expect(() => notificationRetentionJob(ctx, { retentionMs: NOTIFICATION_LOOKBACK_MS })).toThrow(RangeError);
    expect(() => notificationRetentionJob(ctx, { retentionMs: 30 * DAY }, 60 * DAY)).toThrow(RangeError);
    expect(notificationRetentionJob(ctx, {}).name).toBe('notification-retention');
  });
});
