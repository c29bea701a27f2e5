import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../emulator/mail-sink/sink.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { createDb, type Db } from '../db/client.js';
import { createLogger } from '../logger.js';
import { eraseCustomer } from '../loyalty/members/erase.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { claimDueNotifications, queueNotification, recordNotificationOutcome } from './outbox-repository.js';
import { scanNotifications } from './scan-repository.js';
import { sendDueNotifications, type SenderDeps, type SendOptions } from './send.js';
import { smtpTransport, type MailTransport } from './transport.js';
import { verifyUnsubscribeToken } from './unsubscribe.js';

/** The outbox on real Postgres: the scanner's rows, the sender's decisions and claims, with a real SMTP sink. */
const DAY = 86_400_000;
const SECRET = 'outbox-test-secret';
let database: TestDatabase;
let db: Db;
let shop: ShopRecord;
let tiers: Record<'bronze' | 'silver' | 'gold', number>;
let sink: MailSink;
let transport: MailTransport;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'outbox.myshopify.com');
  await db.shop.update({ where: { id: shop.id }, data: { name: 'Kaffeerösterei Müller' } });
  const rows = await db.tier.findMany({ where: { shopId: shop.id } });
  tiers = Object.fromEntries(rows.map((t) => [t.key, t.id])) as typeof tiers;
  sink = await startMailSink();
  transport = smtpTransport(sink.url);
});

afterAll(async () => {
  transport?.close();
  await sink?.close();
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  await db.$executeRaw`TRUNCATE members, loyalty_orders, notification_settings CASCADE`;
  sink.clear();
});

let nextCustomer = 1000;
async function member(fields: { email?: string | null; locale?: string | null } = {}): Promise<{ id: number; customerId: string }> {
  const customerId = String(++nextCustomer);
  const email = fields.email === undefined ? `kunde${customerId}@example.com` : fields.email;
  const [row] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO members (shop_id, customer_id, email, locale, updated_at)
    VALUES (${shop.id}, ${customerId}, ${email}, ${fields.locale ?? 'de'}, now()) RETURNING id`;
  return { id: row!.id, customerId };
}

async function ledger(
  memberId: number,
  entry: { reason: string; delta: number; sourceId: string; key: string; balance?: number; at?: Date; note?: string },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, note, created_at)
    VALUES (${shop.id}, ${memberId}, ${entry.delta}, ${entry.reason}::ledger_reason, ${entry.sourceId}, ${entry.key},
      ${entry.balance ?? entry.delta}, ${entry.note ?? null}, ${entry.at ?? new Date()}::timestamp)`;
}

const window = () => ({ since: new Date(Date.now() - 7 * DAY), limit: 500 });

async function outbox() {
  return db.$queryRaw<{ memberId: number; kind: string; key: string; data: Record<string, unknown>; status: string; error: string | null; attempts: number; subject: string | null }[]>`
    SELECT member_id AS "memberId", kind::text AS kind, idempotency_key AS key, data, status::text AS status, error, attempts, subject
    FROM notifications ORDER BY id`;
}

const deps = (overrides: Partial<SenderDeps> = {}): SenderDeps => ({
  db,
  log: createLogger('silent'),
  appUrl: 'https://app.example',
  apiSecret: SECRET,
  fromAddress: undefined,
  transport,
  ...overrides,
});

const send = (overrides: Partial<SenderDeps> = {}, options: SendOptions = {}, clock?: () => Date) =>
  sendDueNotifications(deps(overrides), options, clock);

describe('the scanner', () => {
  it('points_earned: one row per order that earned points, with its name and the balance after it; reruns add nothing', async () => {
    const anna = await member();
    await db.$executeRaw`INSERT INTO loyalty_orders (shop_id, order_id, customer_id, name, updated_at)
      VALUES (${shop.id}, '5001', ${anna.customerId}, '#5001', now())`;
    await ledger(anna.id, { reason: 'order_earned', delta: 120, sourceId: '5001', key: 'order:5001:earned', balance: 120 });
    await ledger(anna.id, { reason: 'order_earned', delta: 0, sourceId: '5002', key: 'order:5002:earned', balance: 120 });
    await ledger(anna.id, { reason: 'refund', delta: -20, sourceId: '9', key: 'refund:9', balance: 100 });
    await ledger(anna.id, { reason: 'manual_adjustment', delta: 50, sourceId: 'x', key: 'manual:1', balance: 150 });
    await ledger(anna.id, { reason: 'order_earned', delta: 80, sourceId: '4001', key: 'order:4001:earned', at: new Date(Date.now() - 8 * DAY) });

    expect(await scanNotifications(db, window())).toBe(1);
    expect(await outbox()).toEqual([
      {
        memberId: anna.id,
        kind: 'points_earned',
        key: 'points_earned:order:5001:earned',
        data: { kind: 'points_earned', points: 120, balance: 120, orderName: '#5001' },
        status: 'pending',
        error: null,
        attempts: 0,
        subject: null,
      },
    ]);
    // Again, and several at once (two app processes): the anti-join and ON CONFLICT keep it at one row.
    expect(await Promise.all([scanNotifications(db, window()), scanNotifications(db, window()), scanNotifications(db, window())])).toEqual([0, 0, 0]);
    expect(await outbox()).toHaveLength(1);
  });

  it('points_earned of an order booked with its take-backs (refunded in its approval period): what it left, and the balance after them', async () => {
    const booked = async (memberId: number, customerId: string, orderId: string, earned: number, takenBack: number[], balanceBefore: number) => {
      await db.$executeRaw`INSERT INTO loyalty_orders (shop_id, order_id, customer_id, name, updated_at)
        VALUES (${shop.id}, ${orderId}, ${customerId}, ${`#${orderId}`}, now())`;
      // One booking: one transaction, as the points engine books an order and its refunds.
      await db.$transaction(async (tx) => {
        let balance = balanceBefore + earned;
        await tx.$executeRaw`INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after)
          VALUES (${shop.id}, ${memberId}, ${earned}, 'order_earned', ${orderId}, ${`order:${orderId}:earned`}, ${balance})`;
        for (const [i, points] of takenBack.entries()) {
          const refundId = `${orderId}${i}`;
          balance -= points;
          await tx.$executeRaw`INSERT INTO order_refunds (shop_id, refund_id, order_id, subtotal, created_at)
            VALUES (${shop.id}, ${refundId}, ${orderId}, 1, now())`;
          await tx.$executeRaw`INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after)
            VALUES (${shop.id}, ${memberId}, ${-points}, 'refund', ${refundId}, ${`refund:${refundId}`}, ${balance})`;
        }
      });
    };
    const anna = await member();
    await ledger(anna.id, { reason: 'manual_adjustment', delta: 860, sourceId: 'x', key: 'manual:anna', balance: 860 });
    await booked(anna.id, anna.customerId, '6001', 120, [50], 860);
    const bob = await member();
    await booked(bob.id, bob.customerId, '6002', 120, [100, 20], 0);

    expect(await scanNotifications(db, window())).toBe(1);
    expect((await outbox()).map((row) => row.data)).toEqual([{ kind: 'points_earned', points: 70, balance: 930, orderName: '#6001' }]);
  });

  it('announces nothing from before the shop had notifications (notify_since)', async () => {
    const anna = await member();
    await ledger(anna.id, { reason: 'order_earned', delta: 10, sourceId: '1', key: 'order:1:earned', at: new Date(Date.now() - 60_000) });
    await db.notificationSettings.create({ data: { shopId: shop.id, notifySince: new Date(Date.now() - 30_000) } });
    await ledger(anna.id, { reason: 'order_earned', delta: 20, sourceId: '2', key: 'order:2:earned' });
    expect(await scanNotifications(db, window())).toBe(1);
    expect((await outbox()).map((row) => row.key)).toEqual(['points_earned:order:2:earned']);
  });

  it('reward_redeemed: issued redemptions with code, reward, expiry and the current balance; pending and failed ones wait or get none', async () => {
    const anna = await member();
    await db.member.update({ where: { id: anna.id }, data: { points: 340 } });
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id, kind: 'free_shipping' } });
    const expiresAt = new Date(Date.UTC(2027, 1, 21, 10, 30));
    const redemption = (code: string, status: string) => db.$queryRaw<{ id: number }[]>`
      INSERT INTO redemptions (shop_id, member_id, reward_id, cost, code, status, expires_at, updated_at)
      VALUES (${shop.id}, ${anna.id}, ${reward.id}, 300, ${code}, ${status}::redemption_status, ${expiresAt}::timestamp, now()) RETURNING id`;
    const [issued] = await redemption('LOY-AAAA-1111', 'issued');
    await redemption('LOY-BBBB-2222', 'pending');
    await redemption('LOY-CCCC-3333', 'failed');

    expect(await scanNotifications(db, window())).toBe(1);
    expect(await outbox()).toMatchObject([
      {
        kind: 'reward_redeemed',
        key: `reward_redeemed:${issued!.id}`,
        data: {
          kind: 'reward_redeemed', rewardName: reward.name, rewardNameTranslation: reward.nameTranslation, namesLocale: 'en',
          code: 'LOY-AAAA-1111', expiresAt: '2027-02-21T10:30:00.000Z', balance: 340,
        },
      },
    ]);
  });

  it('tier_reached: upgrades only, named by the tiers of the tier_changed entries (with their German names)', async () => {
    const anna = await member();
    const change = (key: string, sourceId: string) => ledger(anna.id, { reason: 'tier_changed', delta: 0, sourceId, key, balance: 0, note: 'x → y' });
    await change('t1', `tier:${tiers.bronze}:${tiers.silver}`);
    await change('t2', `tier:${tiers.gold}:${tiers.silver}`); // down
    await change('t3', `tier:none:${tiers.bronze}`); // into the lowest tier: nothing reached
    await change('t4', `tier:none:${tiers.gold}`);
    await change('t5', `tier:${tiers.bronze}:999999`); // a tier removed since
    await change('t6', 'tier:garbage');

    expect(await scanNotifications(db, window())).toBe(2);
    expect((await outbox()).map((row) => [row.key, row.data])).toEqual([
      ['tier_reached:t1', { kind: 'tier_reached', tierName: 'Silver', tierNameTranslation: 'Silber', previousTierName: 'Bronze', previousTierNameTranslation: 'Bronze', namesLocale: 'en' }],
      ['tier_reached:t4', { kind: 'tier_reached', tierName: 'Gold', tierNameTranslation: 'Gold', previousTierName: null, previousTierNameTranslation: null, namesLocale: 'en' }],
    ]);
    expect(await scanNotifications(db, window())).toBe(0);
  });
});

describe('the scanner cursor', () => {
  const earned = (memberId: number, key: string, at?: Date) => ledger(memberId, { reason: 'order_earned', delta: 10, sourceId: key, key, ...(at ? { at } : {}) });

  it('reads each ledger entry once: an announced entry is not read again', async () => {
    const anna = await member();
    await earned(anna.id, 'cursor:old', new Date(Date.now() - 60_000));
    expect(await scanNotifications(db, window())).toBe(1);
    // With the outbox row gone, a scan that re-read the window would queue the mail again.
    await db.$executeRaw`DELETE FROM notifications`;
    expect(await scanNotifications(db, window())).toBe(0);
    await earned(anna.id, 'cursor:new', new Date(Date.now() - 60_000));
    expect(await scanNotifications(db, window())).toBe(1);
    expect((await outbox()).map((row) => row.key)).toEqual(['points_earned:cursor:new']);
  });

  it('continues in id order after `limit` entries', async () => {
    const anna = await member();
    for (const n of [1, 2, 3]) await earned(anna.id, `cursor:page:${n}`);
    expect(await scanNotifications(db, { ...window(), limit: 2 })).toBe(2);
    expect(await scanNotifications(db, { ...window(), limit: 2 })).toBe(1);
    expect((await outbox()).map((row) => row.key)).toEqual(['points_earned:cursor:page:1', 'points_earned:cursor:page:2', 'points_earned:cursor:page:3']);
  });

  it('announces an entry that commits after a scan already passed its id', async () => {
    const anna = await member();
    let inserted!: () => void;
    let release!: () => void;
    const insertedLate = new Promise<void>((resolve) => (inserted = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const late = db.$transaction(
      async (tx) => {
        // created_at: the transaction's start, well before the scan below.
        await tx.$executeRaw`
          INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after)
          VALUES (${shop.id}, ${anna.id}, 10, 'order_earned', 'late', 'cursor:late', 10)`;
        inserted();
        await released;
      },
      { timeout: 30_000 },
    );
    await insertedLate;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await earned(anna.id, 'cursor:early');
    expect(await scanNotifications(db, window())).toBe(1);
    release();
    await late;
    const ids = await db.$queryRaw<{ key: string }[]>`SELECT idempotency_key AS key FROM ledger_entries ORDER BY id`;
    expect(ids.map((row) => row.key)).toEqual(['cursor:late', 'cursor:early']);
    expect(await scanNotifications(db, window())).toBe(1);
    expect((await outbox()).map((row) => row.key)).toEqual(['points_earned:cursor:early', 'points_earned:cursor:late']);
    expect(await scanNotifications(db, window())).toBe(0);
  });
});

describe('queueNotification', () => {
  it('queues nothing, and fails nothing, for a member erased meanwhile (customers/redact) or of another shop', async () => {
    const gone = await member({ locale: 'en' });
    const input = { shopId: shop.id, memberId: gone.id, kind: 'surprise_gift' as const, idempotencyKey: 'campaign:9:run:1', data: { giftDescription: 'free shipping', code: 'GIFT-9', points: null } };
    const other = await ensureShop(db, 'outbox-other.myshopify.com');
    expect(await queueNotification(db, { ...input, shopId: other.id })).toEqual({ created: false });
    await eraseCustomer(db, shop.id, gone.customerId);
    expect(await queueNotification(db, input)).toEqual({ created: false });
    expect(await outbox()).toEqual([]);
  });

  it('queues a surprise gift once per key, and the sender delivers it with its code', async () => {
    const anna = await member({ locale: 'en' });
    const gift = { shopId: shop.id, memberId: anna.id, kind: 'surprise_gift' as const, idempotencyKey: 'campaign:7:run:1', data: { giftDescription: 'free shipping', code: 'GIFT-7-ABC', points: null } };
    expect(await queueNotification(db, gift)).toEqual({ created: true });
    expect(await queueNotification(db, gift)).toEqual({ created: false });
    expect(await queueNotification(db, { ...gift, idempotencyKey: 'campaign:7:run:2' })).toEqual({ created: true });
    expect((await outbox()).map((row) => row.key)).toEqual(['surprise_gift:campaign:7:run:1', 'surprise_gift:campaign:7:run:2']);

    expect(await send()).toEqual({ sent: 2, skipped: 0, failed: 0, more: false });
    const mails = sink.mails(`kunde${anna.customerId}@example.com`);
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatchObject({ subject: 'A surprise from Kaffeerösterei Müller', text: expect.stringContaining('GIFT-7-ABC') });
  });

  it('refuses data that does not fit the kind', async () => {
    const anna = await member();
    await expect(
      queueNotification(db, { shopId: shop.id, memberId: anna.id, kind: 'surprise_gift', idempotencyKey: 'x', data: { giftDescription: 'x' } as never }),
    ).rejects.toThrow();
    expect(await outbox()).toEqual([]);
  });
});

describe('the sender', () => {
  async function earned(memberId: number, key: string, points = 100): Promise<void> {
    await ledger(memberId, { reason: 'order_earned', delta: points, sourceId: key, key, balance: points });
  }

  it('sends in the customer’s language as the shop, with the one-click unsubscribe; sends each row once', async () => {
    const anna = await member({ locale: 'de-AT' });
    const bob = await member({ locale: 'en-US' });
    await earned(anna.id, 'a1', 1250);
    await earned(bob.id, 'b1', 80);
    await scanNotifications(db, window());

    expect(await send()).toEqual({ sent: 2, skipped: 0, failed: 0, more: false });
    const [german] = sink.mails(`kunde${anna.customerId}@example.com`);
    const [english] = sink.mails(`kunde${bob.customerId}@example.com`);
    expect(german).toMatchObject({ subject: 'Sie haben 1.250 Punkte bei Kaffeerösterei Müller gesammelt', from: 'loyalty@outbox.myshopify.com' });
    expect(english).toMatchObject({ subject: 'You earned 80 points at Kaffeerösterei Müller', from: 'loyalty@outbox.myshopify.com' });
    expect(german!.fromName).toBe('Kaffeerösterei Müller');
    expect(german!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = /^<(https:\/\/app\.example\/notifications\/unsubscribe\?token=[^>]+)>$/.exec(german!.headers['list-unsubscribe']!)?.[1];
    expect(link).toBeDefined();
    expect(german!.text).toContain(link);
    const token = new URL(link!).searchParams.get('token')!;
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ valid: true, subject: { shopDomain: 'outbox.myshopify.com', customerId: anna.customerId } });

    expect((await outbox()).map((row) => [row.status, row.attempts, row.subject])).toEqual([
      ['sent', 1, 'Sie haben 1.250 Punkte bei Kaffeerösterei Müller gesammelt'],
      ['sent', 1, 'You earned 80 points at Kaffeerösterei Müller'],
    ]);
    expect(await send({}, {}, () => new Date(Date.now() + DAY))).toEqual({ sent: 0, skipped: 0, failed: 0, more: false });
    expect(sink.mails()).toHaveLength(2);
  });

  it('uses the shop’s sender name, reply-to and a configured From address', async () => {
    await db.notificationSettings.create({ data: { shopId: shop.id, senderName: 'Müllers Treueclub', replyTo: 'hallo@mueller.example' } });
    const anna = await member();
    await earned(anna.id, 'n1');
    await scanNotifications(db, window());
    await send({ fromAddress: 'rewards@loyale.example' });
    const [mail] = sink.mails();
    expect(mail).toMatchObject({ from: 'rewards@loyale.example', subject: 'Sie haben 100 Punkte bei Müllers Treueclub gesammelt' });
    expect(mail!.fromName).toBe('Müllers Treueclub');
    expect(mail!.headers['reply-to']).toContain('hallo@mueller.example');
  });

  it('skips, with the reason, a kind switched off, an unsubscribed customer, a customer without an address', async () => {
    await db.notificationSettings.create({ data: { shopId: shop.id, tierReached: false } });
    const off = await member();
    const unsubscribed = await member();
    await db.member.update({ where: { id: unsubscribed.id }, data: { unsubscribedAt: new Date() } });
    const noEmail = await member({ email: null });
    const fine = await member();
    await ledger(off.id, { reason: 'tier_changed', delta: 0, sourceId: `tier:${tiers.bronze}:${tiers.silver}`, key: 'tc1', balance: 0 });
    await earned(unsubscribed.id, 'u1');
    await earned(noEmail.id, 'e1');
    await earned(fine.id, 'f1');
    await scanNotifications(db, window());

    expect(await send()).toEqual({ sent: 1, skipped: 3, failed: 0, more: false });
    // The scan's statements run in parallel: the rows' order is not the events' order.
    expect((await outbox()).map((row) => [row.key, row.status, row.error]).sort()).toEqual([
      ['points_earned:e1', 'skipped', 'no_email'],
      ['points_earned:f1', 'sent', null],
      ['points_earned:u1', 'skipped', 'unsubscribed'],
      ['tier_reached:tc1', 'skipped', 'kind_disabled'],
    ]);
    expect(sink.mails().map((m) => m.to)).toEqual([[`kunde${fine.customerId}@example.com`]]);
  });

  it('without an SMTP server records every due mail as skipped', async () => {
    const anna = await member();
    await earned(anna.id, 's1');
    await scanNotifications(db, window());
    expect(await send({ transport: null })).toEqual({ sent: 0, skipped: 1, failed: 0, more: false });
    expect((await outbox()).map((row) => [row.status, row.error])).toEqual([['skipped', 'smtp_not_configured']]);
  });

  it('without an SMTP server the scan records the rows as skipped at once, leaving the sender nothing due', async () => {
    const anna = await member();
    await earned(anna.id, 'k1');
    expect(await scanNotifications(db, { ...window(), skipAs: 'smtp_not_configured' })).toBe(1);
    expect((await outbox()).map((row) => [row.key, row.status, row.error])).toEqual([['points_earned:k1', 'skipped', 'smtp_not_configured']]);
    expect(await send({ transport: null })).toEqual({ sent: 0, skipped: 0, failed: 0, more: false });
    // A second scan finds the event recorded: no second row.
    expect(await scanNotifications(db, { ...window(), skipAs: 'smtp_not_configured' })).toBe(0);
  });

  it('without an SMTP server skips a backlog in big batches (no SMTP conversation bounds them)', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => member()));
    for (const [i, m] of members.entries()) await earned(m.id, `b${i}`);
    await scanNotifications(db, window());
    // batchSize bounds what goes over SMTP at once; one batch takes all five here, so one run is enough.
    expect(await send({ transport: null }, { batchSize: 2, maxBatches: 1 })).toEqual({ sent: 0, skipped: 5, failed: 0, more: false });
    expect((await outbox()).every((row) => row.status === 'skipped')).toBe(true);
  });

  it('concurrent senders take different rows: every mail is sent exactly once', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => member()));
    for (const [i, m] of members.entries()) await earned(m.id, `c${i}`);
    await scanNotifications(db, window());
    const runs = await Promise.all([1, 2, 3].map(() => send({}, { batchSize: 3 })));
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(12);
    expect(sink.mails()).toHaveLength(12);
    expect(new Set(sink.mails().map((m) => m.to[0])).size).toBe(12);
    expect((await outbox()).every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('a run stops after maxBatches and says more may be due; the next run continues', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => member()));
    for (const [i, m] of members.entries()) await earned(m.id, `m${i}`);
    await scanNotifications(db, window());
    expect(await send({}, { batchSize: 2, maxBatches: 2 })).toEqual({ sent: 4, skipped: 0, failed: 0, more: true });
    expect(await send({}, { batchSize: 2, maxBatches: 2 })).toEqual({ sent: 1, skipped: 0, failed: 0, more: false });
    expect(sink.mails()).toHaveLength(5);
  });

  it('retries a failed send after the backoff and gives up after maxAttempts', async () => {
    let failures = 0;
    const flaky: MailTransport = {
      async send(mail) {
        if (failures > 0) {
          failures -= 1;
          throw new Error('421 4.3.2 Service not available');
        }
        await transport.send(mail);
      },
      close: () => undefined,
    };
    const anna = await member();
    await earned(anna.id, 'r1');
    await scanNotifications(db, window());
    const options = { maxAttempts: 3, retryDelayMs: 60_000 };
    let now = Date.now();
    const clock = () => new Date(now);

    failures = 1;
    expect(await send({ transport: flaky }, options, clock)).toEqual({ sent: 0, skipped: 0, failed: 1, more: false });
    expect(await outbox()).toMatchObject([{ status: 'pending', attempts: 1, error: '421 4.3.2 Service not available', subject: 'Sie haben 100 Punkte bei Kaffeerösterei Müller gesammelt' }]);
    // Not due before the backoff has passed.
    now += 59_000;
    expect(await send({ transport: flaky }, options, clock)).toEqual({ sent: 0, skipped: 0, failed: 0, more: false });
    now += 2_000;
    expect(await send({ transport: flaky }, options, clock)).toEqual({ sent: 1, skipped: 0, failed: 0, more: false });
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 2, error: null }]);
    expect(sink.mails()).toHaveLength(1);

    const bob = await member();
    await earned(bob.id, 'r2');
    await scanNotifications(db, window());
    failures = 10;
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await send({ transport: flaky }, options, clock)).toMatchObject({ failed: 1 });
      now += 3_600_000;
    }
    expect((await outbox())[1]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await send({ transport: flaky }, options, clock)).toEqual({ sent: 0, skipped: 0, failed: 0, more: false });
    expect(sink.mails()).toHaveLength(1);
  });

  it('a recipient the relay refuses for good (550) fails at once; a 4xx is retried', async () => {
    const refusing = (responseCode: number): MailTransport => ({
      async send() {
        throw Object.assign(new Error(`${responseCode} mailbox unavailable`), { code: 'EENVELOPE', responseCode });
      },
      close: () => undefined,
    });
    const anna = await member();
    await earned(anna.id, 'r550');
    await scanNotifications(db, window());
    expect(await send({ transport: refusing(550) })).toMatchObject({ failed: 1 });
    expect(await outbox()).toMatchObject([{ status: 'failed', attempts: 1, error: '550 mailbox unavailable' }]);

    const bob = await member();
    await earned(bob.id, 'r450');
    await scanNotifications(db, window());
    expect(await send({ transport: refusing(450) })).toMatchObject({ failed: 1 });
    expect((await outbox())[1]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a sender that outlived its lease does not fail or move a row another sender claimed since', async () => {
    const anna = await member();
    await earned(anna.id, 'lease');
    await scanNotifications(db, window());
    const now = new Date();
    const [first] = await claimDueNotifications(db, now, new Date(now.getTime() - 1), 10); // its lease is over at once
    const [second] = await claimDueNotifications(db, now, new Date(now.getTime() + 600_000), 10);
    expect([first?.attempts, second?.attempts]).toEqual([1, 2]);

    await recordNotificationOutcome(db, first!, { status: 'failed', failure: { code: 'timeout', detail: 'timed out' }, subject: null, retryAt: null }, new Date());
    expect(await outbox()).toMatchObject([{ status: 'pending', attempts: 2, error: null }]);
    await recordNotificationOutcome(db, second!, { status: 'sent', subject: 'Hallo' }, new Date());
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a customer’s erasure (customers/redact) takes their mails’ rows with it', async () => {
    const anna = await member();
    const bob = await member();
    await earned(anna.id, 'x1');
    await earned(bob.id, 'x2');
    await scanNotifications(db, window());
    await eraseCustomer(db, shop.id, anna.customerId);
    expect((await outbox()).map((row) => row.memberId)).toEqual([bob.id]);
  });

  it('gives up at once on a row whose data does not fit its kind', async () => {
    const anna = await member();
    await db.$executeRaw`INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data)
      VALUES (${shop.id}, ${anna.id}, 'surprise_gift', 'bad', '{"kind":"surprise_gift"}'::jsonb)`;
    expect(await send()).toEqual({ sent: 0, skipped: 0, failed: 1, more: false });
    expect(await outbox()).toMatchObject([{ status: 'failed', attempts: 1, error: expect.stringContaining('invalid data') }]);
  });
});
