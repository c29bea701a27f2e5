import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../emulator/mail-sink/sink.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import { sendDueNotifications } from '../notifications/send.js';
import { smtpTransport, type MailTransport } from '../notifications/transport.js';
import { ensureShop } from '../shops/repository.js';
import { testContext } from '../webhooks/test-support.js';
import { remindExpiringPoints } from './reminders.js';
import { bookAt, expireAfter, memberSince } from './test-support.js';

/**
 * Points expiry's reminder mails on real Postgres and a real SMTP sink: who is reminded 14 days ahead, once per expiry
 * date, in German and English, switched off like every other kind.
 */

let database: TestDatabase;
let ctx: AppContext;
let db: Db;
let shopId: number;
let sink: MailSink;
let transport: MailTransport;
let nextCustomer = 5000;

/** 16 April 2027 in a Berlin shop, 3 months: points held through 30 April are due a reminder, those through 1 May not yet. */
const NOW = new Date('2027-04-16T08:00:00Z');
const DAY = 86_400_000;
const JOINED = new Date('2026-06-01T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = testContext(database.url);
  db = ctx.db;
  shopId = (await ensureShop(db, 'expiry-reminders.myshopify.com')).id;
  await db.shop.update({ where: { id: shopId }, data: { name: 'Kaffeerösterei Müller' } });
  await expireAfter(db, shopId, 3);
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
  await db.$executeRaw`TRUNCATE members, notification_settings CASCADE`;
  sink.clear();
});

const remind = (now = NOW) => remindExpiringPoints(ctx, { now: () => now });
const send = () =>
  sendDueNotifications({ db, log: ctx.log, appUrl: 'https://app.example', apiSecret: 'secret', fromAddress: undefined, transport });

/** A member with an address and a language, whose entries are booked at their times. */
async function member(entries: [number, 'order_earned' | 'redemption' | 'refund', Date][], locale = 'de'): Promise<{ id: number; email: string }> {
  const customerId = String(nextCustomer++);
  const id = await memberSince(db, shopId, customerId, JOINED);
  const email = `kunde${customerId}@example.com`;
  await db.member.update({ where: { id }, data: { email, locale } });
  for (const [delta, reason, at] of entries) await bookAt(db, shopId, id, delta, reason, at);
  return { id, email };
}

const reminders = (memberId: number) =>
  db.notification.findMany({ where: { memberId, kind: 'points_expiring' }, select: { idempotencyKey: true, data: true, status: true, error: true }, orderBy: { id: 'asc' } });

describe('remindExpiringPoints', () => {
  it('queues one reminder per member whose points are held through a day at most 14 days ahead', async () => {
    // 31 January + 3 months: held through 30 April, 14 days from 16 April.
    const due = await member([[480, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    // Held through 1 May: 15 days ahead, tomorrow's reminder.
    const later = await member([[200, 'order_earned', new Date('2027-02-01T10:00:00Z')]]);
    // Held through 15 January already past: the expiry job takes them, no reminder of a day gone by.
    const past = await member([[100, 'order_earned', new Date('2027-01-10T10:00:00Z')]]);
    const nothing = await member([[100, 'order_earned', new Date('2027-01-31T10:00:00Z')], [-100, 'redemption', new Date('2027-01-31T11:00:00Z')]]);
    const negative = await member([[-30, 'refund', new Date('2027-01-31T10:00:00Z')]]);

    expect(await remind()).toEqual({ queued: 1, more: false });
    expect(await reminders(due.id)).toEqual([
      { idempotencyKey: `points_expiring:${due.id}:2027-04-30`, data: { kind: 'points_expiring', points: 480, expiresOn: '2027-04-30' }, status: 'pending', error: null },
    ]);
    for (const other of [later, past, nothing, negative]) expect(await reminders(other.id)).toEqual([]);

    // Again within the hour, or tomorrow: nothing twice; tomorrow the next member's turn.
    expect(await remind()).toEqual({ queued: 0, more: false });
    expect(await remind(new Date(NOW.getTime() + DAY))).toEqual({ queued: 1, more: false });
    expect(await reminders(due.id)).toHaveLength(1);
    expect((await reminders(later.id)).map((r) => r.idempotencyKey)).toEqual([`points_expiring:${later.id}:2027-05-01`]);
  });

  it('activity moving the date makes a new date, reminded once it is near', async () => {
    const anna = await member([[300, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    await remind();
    await bookAt(db, shopId, anna.id, -100, 'redemption', new Date('2027-04-17T09:00:00Z')); // held through 17 July now
    expect(await remind(new Date('2027-04-18T08:00:00Z'))).toEqual({ queued: 0, more: false });
    expect(await remind(new Date('2027-07-03T08:00:00Z'))).toEqual({ queued: 1, more: false });
    expect((await reminders(anna.id)).map((r) => r.data)).toEqual([
      { kind: 'points_expiring', points: 300, expiresOn: '2027-04-30' },
      { kind: 'points_expiring', points: 200, expiresOn: '2027-07-17' },
    ]);
  });

  it('sends it in the customer’s language, with the points and the day', async () => {
    const german = await member([[1250, 'order_earned', new Date('2027-01-31T10:00:00Z')]], 'de');
    const english = await member([[1, 'order_earned', new Date('2027-01-31T10:00:00Z')]], 'en');
    await remind();
    expect(await send()).toMatchObject({ sent: 2 });
    const [de] = sink.mails(german.email);
    expect(de?.subject).toBe('Ihre Punkte bei Kaffeerösterei Müller verfallen am 30. April 2027');
    expect(de?.text).toContain('1.250 Punkte verfallen am 30. April 2027');
    const [en] = sink.mails(english.email);
    expect(en?.subject).toBe('Your points at Kaffeerösterei Müller expire on April 30, 2027');
    expect(en?.text).toContain('1 point expires on April 30, 2027');
    expect((await reminders(german.id))[0]?.status).toBe('sent');
  });

  it('is checked when it goes out: skipped once activity moved the day, the points held then when only a refund lowered them', async () => {
    const moved = await member([[300, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    const refunded = await member([[300, 'order_earned', new Date('2027-01-31T10:00:00Z')]], 'en');
    await remind();
    // After they were queued: a redemption (activity: the day moves), a refund (no activity: the day stays).
    await bookAt(db, shopId, moved.id, -100, 'redemption', new Date('2027-04-17T09:00:00Z'));
    await bookAt(db, shopId, refunded.id, -120, 'refund', new Date('2027-04-17T09:00:00Z'));
    expect(await send()).toMatchObject({ sent: 1, skipped: 1 });
    expect(await reminders(moved.id)).toEqual([expect.objectContaining({ status: 'skipped', error: 'no_longer_due' })]);
    expect(sink.mails(moved.email)).toEqual([]);
    const [mail] = sink.mails(refunded.email);
    expect(mail?.text).toContain('180 points expire on April 30, 2027');
  });

  it('is skipped when the shop switched the kind off', async () => {
    await db.notificationSettings.create({ data: { shopId, pointsExpiring: false } });
    const kim = await member([[90, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    await remind();
    expect(await send()).toMatchObject({ sent: 0, skipped: 1 });
    expect(await reminders(kim.id)).toEqual([expect.objectContaining({ status: 'skipped', error: 'kind_disabled' })]);
    expect(sink.mails(kim.email)).toEqual([]);
  });

  it('one queued before the merchant switched expiry off is not sent', async () => {
    await db.notificationSettings.deleteMany({ where: { shopId } });
    const ida = await member([[90, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    await remind();
    await expireAfter(db, shopId, null);
    try {
      expect(await send()).toMatchObject({ sent: 0, skipped: 1 });
    } finally {
      await expireAfter(db, shopId, 3);
    }
    expect(await reminders(ida.id)).toEqual([expect.objectContaining({ status: 'skipped', error: 'kind_disabled' })]);
    expect(sink.mails(ida.email)).toEqual([]);
  });

  it('queues nothing while the program lets no points expire', async () => {
    const kai = await member([[90, 'order_earned', new Date('2027-01-31T10:00:00Z')]]);
    await expireAfter(db, shopId, null);
    try {
      expect(await remind()).toEqual({ queued: 0, more: false });
    } finally {
      await expireAfter(db, shopId, 3);
    }
    expect(await reminders(kai.id)).toEqual([]);
  });
});
