import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { enrollMember } from '../loyalty/members/repository.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { encodeCursor } from '../pagination/cursor.js';
import { unsubscribe } from '../notifications/subscriber-repository.js';
import type * as Wire from './wire/index.js';
import { expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson, type ShopClient } from './test-fixture.js';

/**
 * The merchant's mail log on the whole app (real Postgres, the notification job sending to the emulator's mail sink):
 * `GET /api/notifications/activity` and `GET /api/notifications/mails`, and a customer's unsubscribe on their page.
 */
let f: AdminApiFixture;
let other: ShopClient;

const DAY = 86_400_000;
const MINUTE = 60_000;
/** One instant for the whole file: every row's age is counted from it. */
const NOW = Date.now();

type Status = Wire.MailOutcome;

interface Row {
  key: string;
  customerId: string;
  kind?: Wire.NotificationKind;
  status: Status;
  error?: string | null;
  /** The failure's code as the sender stores it; left out: a row written before codes. */
  errorCode?: Wire.MailFailureReason;
  /** Minutes before NOW the row was created. */
  minutesAgo: number;
  attempts?: number;
}

const PEOPLE = [
  { customerId: '201', firstName: 'Anna', lastName: 'Schmidt', email: 'anna@example.de', locale: 'de' },
  { customerId: '202', firstName: null, lastName: null, email: 'ohne-name@example.de', locale: 'en' },
  { customerId: '203', firstName: 'Ömer', lastName: 'Yılmaz', email: null, locale: 'de' },
];

/**
 * The shop's outbox, in every state the sender leaves a row in, written as the sender writes them (the job cannot
 * take them: finished rows, and pending ones due only tomorrow). Ages straddle the 30 days the counts cover; the
 * last two share an instant (the id breaks the tie).
 */
const ROWS: Row[] = [
  { key: 'a', customerId: '201', status: 'sent', minutesAgo: 5 },
  {
    key: 'b',
    customerId: '202',
    kind: 'tier_reached',
    status: 'failed',
    error: '550 5.1.1 <ohne-name@example.de>: Recipient address rejected',
    errorCode: 'recipient_refused',
    minutesAgo: 60,
  },
  { key: 'c', customerId: '203', status: 'skipped', error: 'no_email', minutesAgo: 120 },
  { key: 'd', customerId: '201', kind: 'reward_redeemed', status: 'pending', error: 'Connection timeout', errorCode: 'timeout', minutesAgo: 180, attempts: 3 },
  { key: 'e', customerId: '202', status: 'skipped', error: 'unsubscribed', minutesAgo: 3 * 24 * 60 },
  { key: 'f', customerId: '201', status: 'skipped', error: 'smtp_not_configured', minutesAgo: 10 * 24 * 60 },
  { key: 'g', customerId: '201', kind: 'surprise_gift', status: 'sent', minutesAgo: 29 * 24 * 60 },
  { key: 'h', customerId: '202', status: 'skipped', error: 'unsubscribed', minutesAgo: 29 * 24 * 60 + 30 },
  // Older than the 30 days counted, but still held (finished rows stay 90 days); failed before codes, on every attempt.
  { key: 'i', customerId: '201', status: 'failed', error: 'connect ECONNREFUSED 10.0.0.5:587', minutesAgo: 31 * 24 * 60, attempts: 20 },
  { key: 'j', customerId: '202', status: 'sent', minutesAgo: 60 * 24 * 60 },
  { key: 'k', customerId: '201', status: 'sent', minutesAgo: 60 * 24 * 60 },
];

const memberIds = new Map<string, number>();

/** An outbox row as the sender leaves it: sent with its time, skipped or failed with the reason, or pending a retry. */
async function insertRow(shopId: number, memberId: number, row: Row): Promise<void> {
  const createdAt = new Date(NOW - row.minutesAgo * MINUTE).toISOString();
  const attempts = row.attempts ?? (row.status === 'skipped' ? 0 : 1);
  await f.db.$executeRaw`
    INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data, status, attempts, error, error_code, subject, sent_at,
      next_attempt_at, created_at, updated_at)
    VALUES (${shopId}, ${memberId}, ${row.kind ?? 'points_earned'}::notification_kind, ${`test:${row.key}`},
      '{"kind": "points_earned", "points": 5, "balance": 5, "orderName": null}'::jsonb, ${row.status}::notification_status,
      ${attempts}, ${row.error ?? null}, ${row.errorCode ?? null}, NULL, CASE WHEN ${row.status} = 'sent' THEN ${createdAt}::timestamp END,
      ${createdAt}::timestamp + interval '1 day', ${createdAt}::timestamp, ${createdAt}::timestamp)`;
}

beforeAll(async () => {
  f = await startAdminApiFixture('mail-log.myshopify.com');
  other = await f.addShop('mail-log-other.myshopify.com');
  for (const person of PEOPLE) memberIds.set(person.customerId, (await enrollMember(f.db, f.shop.id, person)).id);
  for (const row of ROWS) await insertRow(f.shop.id, memberIds.get(row.customerId)!, row);
  await unsubscribe(f.db, { shopDomain: f.shop.domain, customerId: '202' }, new Date(NOW - 3 * DAY));

  // The other shop: a customer of the same id and address, their own mails and unsubscribe.
  const stranger = await enrollMember(f.db, other.id, { customerId: '201', firstName: 'Anna', lastName: 'Anderswo', email: 'anna@other.example' });
  await insertRow(other.id, stranger.id, { key: 'x', customerId: '201', status: 'failed', error: 'Message failed: 552', minutesAgo: 10 });
  await insertRow(other.id, stranger.id, { key: 'y', customerId: '201', status: 'skipped', error: 'kind_disabled', minutesAgo: 20 });
  await unsubscribe(f.db, { shopDomain: other.domain, customerId: '201' }, new Date(NOW));
  await enrollMember(f.db, other.id, { customerId: '202', email: 'zwei@other.example' });
  await unsubscribe(f.db, { shopDomain: other.domain, customerId: '202' }, new Date(NOW));
});

afterAll(async () => {
  await f?.close();
});

async function get<T>(shop: ShopClient, path: string): Promise<T> {
  const res = await shop.api<T>('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Every page of `?{params}` with `limit`, following endCursor to the end: the keys of the rows, in order. */
async function walk(shop: ShopClient, params: Record<string, string>, limit: number): Promise<{ keys: string[]; pages: number }> {
  const ids = new Map<string, string>();
  const rows = await f.db.$queryRaw<{ id: bigint; key: string }[]>`SELECT id, idempotency_key AS key FROM notifications`;
  for (const row of rows) ids.set(String(row.id), row.key.replace(/^test:/, ''));
  const keys: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ ...params, limit: String(limit), ...(after ? { after } : {}) });
    const page: Wire.MailLogPage = await get<Wire.MailLogPage>(shop, `/notifications/mails?${query.toString()}`);
    pages += 1;
    expect(page.mails.length).toBeLessThanOrEqual(limit);
    keys.push(...page.mails.map((m) => ids.get(m.id) ?? `?${m.id}`));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    if (!page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor === null).toBe(page.mails.length === 0);
  } while (after);
  return { keys, pages };
}

/** The keys of ROWS newest first (creation time, then id: the insertion order breaks a tie). */
const newestFirst = (rows: Row[]) =>
  rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.minutesAgo - b.row.minutesAgo || b.index - a.index)
    .map(({ row }) => row.key);

describe('GET /api/notifications/activity', () => {
  it('counts the last 30 days by outcome and skip reason, and the customers who unsubscribed, of this shop only', async () => {
    const activity = await get<Wire.MailActivity>(f.shop, '/notifications/activity');
    expect(activity).toEqual({
      since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      days: 30,
      counts: { sent: 2, failed: 1, skipped: 4, pending: 1 },
      skippedByReason: { shop_uninstalled: 0, kind_disabled: 0, unsubscribed: 2, no_email: 1, smtp_not_configured: 1, no_longer_due: 0, other: 0 },
      unsubscribedCustomers: 1,
      retentionDays: 90,
    });
    const since = Date.parse(activity.since);
    expect(Math.abs(since - (Date.now() - 30 * DAY))).toBeLessThan(5 * MINUTE);

    expect(await get<Wire.MailActivity>(other, '/notifications/activity')).toMatchObject({
      counts: { sent: 0, failed: 1, skipped: 1, pending: 0 },
      skippedByReason: { kind_disabled: 1, unsubscribed: 0 },
      unsubscribedCustomers: 2,
    });
  });
});

describe('GET /api/notifications/mails', () => {
  it('lists every mail the outbox holds newest first, a page at a time, with the customer and the outcome', async () => {
    const first = await get<Wire.MailLogPage>(f.shop, '/notifications/mails?limit=4');
    expect(first.mails).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        createdAt: new Date(NOW - 5 * MINUTE).toISOString(),
        sentAt: new Date(NOW - 5 * MINUTE).toISOString(),
        kind: 'points_earned',
        outcome: 'sent',
        customer: { customerId: '201', name: 'Anna Schmidt', email: 'anna@example.de' },
        skipReason: null,
        failureReason: null,
        detail: null,
        gaveUpAfter: null,
        attempts: 1,
      },
      expect.objectContaining({
        kind: 'tier_reached',
        outcome: 'failed',
        sentAt: null,
        customer: { customerId: '202', name: null, email: 'ohne-name@example.de' },
        skipReason: null,
        // Refused for good at once: the code, and the server's answer as recorded.
        failureReason: 'recipient_refused',
        detail: '550 5.1.1 <ohne-name@example.de>: Recipient address rejected',
        gaveUpAfter: null,
      }),
      expect.objectContaining({
        outcome: 'skipped',
        skipReason: 'no_email',
        failureReason: null,
        detail: null,
        customer: { customerId: '203', name: 'Ömer Yılmaz', email: null },
      }),
      // Retrying after a timeout: not given up.
      expect.objectContaining({ kind: 'reward_redeemed', outcome: 'pending', skipReason: null, failureReason: 'timeout', detail: 'Connection timeout', gaveUpAfter: null, attempts: 3 }),
    ]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });

    const all = await walk(f.shop, {}, 3);
    expect(all).toEqual({ keys: newestFirst(ROWS), pages: 4 });
    expect((await walk(f.shop, {}, 100)).pages).toBe(1);
    const oldest = await get<Wire.MailLogPage>(f.shop, '/notifications/mails?limit=100');
    // Failed before codes: its text as recorded, given up after its attempts as before.
    expect(oldest.mails.at(-3)).toMatchObject({ outcome: 'failed', failureReason: null, detail: 'connect ECONNREFUSED 10.0.0.5:587', gaveUpAfter: 20, attempts: 20 });
  });

  it.each<[Status, string[]]>([
    ['failed', ['b', 'i']],
    ['skipped', ['c', 'e', 'f', 'h']],
    ['pending', ['d']],
    ['sent', newestFirst(ROWS.filter((row) => row.status === 'sent'))],
  ])('filters by outcome %s, page by page', async (outcome, keys) => {
    expect((await walk(f.shop, { outcome }, 1)).keys).toEqual(keys);
  });

  it('shows another shop nothing of this one, also given a cursor of this one', async () => {
    const page = await get<Wire.MailLogPage>(f.shop, '/notifications/mails?limit=1');
    expect((await walk(other, {}, 1)).keys).toEqual(['x', 'y']);
    const foreign = await get<Wire.MailLogPage>(other, `/notifications/mails?after=${page.pageInfo.endCursor ?? ''}`);
    // A position, not a key into this shop's rows: the other shop's mails older than it, only theirs.
    const anna = { customerId: '201', name: 'Anna Anderswo', email: 'anna@other.example' };
    expect(foreign.mails.map((m) => m.customer)).toEqual([anna, anna]);
    expect(JSON.stringify(await get(other, '/notifications/mails'))).not.toContain('anna@example.de');
  });

  it.each<[string, string, string[]]>([
    ['an unknown outcome', 'outcome=bounced', ['outcome']],
    ['a limit of 0', 'limit=0', ['limit']],
    ['a limit above 100', 'limit=101', ['limit']],
    ['a limit that is no number', 'limit=ten', ['limit']],
    ['a cursor it did not hand out', 'after=zzz', ['after']],
    ['a cursor of a customer list', `after=${encodeCursor({ s: 'points_desc', k: 10, i: 4 })}`, ['after']],
    ['a cursor dated year 0', `after=${encodeCursor({ t: '0000-01-01T00:00:00Z', i: '1' })}`, ['after']],
    ['two bad fields', 'outcome=sent,failed&after=', ['outcome', 'after']],
  ])('answers 422 naming the field for %s, in English and German', async (_name, query, fields) => {
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('GET', `/notifications/mails?${query}`, undefined, { language }), fields);
  });

  it('answers 401 without a session token', async () => {
    const res = await fetch(`${f.app.url}/api/notifications/mails`);
    expect(res.status).toBe(401);
    expect((await fetch(`${f.app.url}/api/notifications/activity`)).status).toBe(401);
  });
});

describe('an erased customer (customers/redact)', () => {
  it('leaves no mail of theirs in the log or its counts, and no trace of their address', async () => {
    const shop = await f.addShop('mail-log-erased.myshopify.com');
    const address = 'erika.erased@example.com';
    const order = (id: number, customerId: number, email: string) =>
      f.deliver(shop, 'orders/paid', orderPayload({ id, customerId, subtotal: '40.00', processedAt: new Date(), email, firstName: 'Erika' }));
    await order(9101, 301, address);
    await order(9102, 302, 'bleibt@example.com');
    // The notification job sends their mails (points earned, perhaps more) through the emulator's mail sink.
    const sent = await eventually(async () => {
      const page = await get<Wire.MailLogPage>(shop, '/notifications/mails');
      const customers = new Set(page.mails.map((m) => m.customer.customerId));
      return customers.size === 2 && page.mails.every((m) => m.outcome === 'sent') ? page.mails : undefined;
    }, 20_000);
    expect(new Set(sent.map((m) => m.customer.email))).toEqual(new Set(['bleibt@example.com', address]));
    const kept = sent.filter((m) => m.customer.customerId === '302');
    // A later mail of theirs the mail server refused, quoting their address.
    const erika = await f.db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: '301' } });
    await insertRow(shop.id, erika.id, { key: 'refused', customerId: '301', status: 'failed', error: `550 <${address}>: no such user`, minutesAgo: 0 });
    await unsubscribe(f.db, { shopDomain: shop.domain, customerId: '301' }, new Date());
    const before = await get<Wire.MailLogPage>(shop, '/notifications/mails?outcome=failed');
    expect(before.mails.map((m) => [m.customer.email, m.detail])).toEqual([[address, `550 <${address}>: no such user`]]);
    expect(await get<Wire.MailActivity>(shop, '/notifications/activity')).toMatchObject({ counts: { sent: sent.length, failed: 1 }, unsubscribedCustomers: 1 });

    await f.deliver(shop, 'customers/redact', { shop_domain: shop.domain, customer: { id: 301, email: address }, orders_to_redact: [9101] });

    const log = await get<Wire.MailLogPage>(shop, '/notifications/mails');
    expect(log.mails).toEqual(kept);
    expect(JSON.stringify(log)).not.toContain(address);
    expect((await get<Wire.MailLogPage>(shop, '/notifications/mails?outcome=sent')).mails).toEqual(kept);
    expect((await get<Wire.MailLogPage>(shop, '/notifications/mails?outcome=failed')).mails).toEqual([]);
    expect(await get<Wire.MailActivity>(shop, '/notifications/activity')).toMatchObject({
      counts: { sent: kept.length, failed: 0, skipped: 0, pending: 0 },
      unsubscribedCustomers: 0,
    });
  });
});

describe('GET /api/customers/:customerId', () => {
  it('says whether and since when the customer unsubscribed', async () => {
    expect(await get<Wire.CustomerDetail>(f.shop, '/customers/202')).toMatchObject({ unsubscribedAt: new Date(NOW - 3 * DAY).toISOString() });
    expect(await get<Wire.CustomerDetail>(f.shop, '/customers/201')).toMatchObject({ unsubscribedAt: null });
    expect(await get<Wire.CustomerDetail>(other, '/customers/201')).toMatchObject({ unsubscribedAt: new Date(NOW).toISOString() });
  });
});
