import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../emulator/mail-sink/sink.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { freePort } from '../../test/process.js';
import { toMailLogPageJson } from '../admin-api/dto/mail-log.js';
import { createDb, type Db } from '../db/client.js';
import { createLogger } from '../logger.js';
import { enrollMember } from '../loyalty/members/repository.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { listMailLog } from './mail-log-repository.js';
import { queueNotification } from './outbox-repository.js';
import { sendDueNotifications, type SendOptions } from './send.js';
import { smtpTransport, type MailTransport } from './transport.js';

/**
 * A failed send stored as a code beside the mail server's answer, over real SMTP (nodemailer against the emulator's
 * mail sink, refusing as a mail provider does) and real Postgres; and what the admin's mail log makes of the rows.
 */
let database: TestDatabase;
let db: Db;
let shop: ShopRecord;
let sink: MailSink;
const transports: MailTransport[] = [];

const UNKNOWN = 'gibt-es-nicht@example.com';
const SPAM = 'spamfalle@example.com';

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  shop = await ensureShop(db, 'mail-failure.myshopify.com');
  sink = await startMailSink({ users: { loyale: 'richtig' }, unknownRecipients: [UNKNOWN], spamRecipients: [SPAM] });
});

afterAll(async () => {
  for (const transport of transports) transport.close();
  await sink?.close();
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  await db.$executeRaw`TRUNCATE members CASCADE`;
  sink.clear();
});

/** SMTP_URL for the sink with this login (none when null). */
function transportAs(login: string | null, url = sink.url): MailTransport {
  const parsed = new URL(url);
  if (login !== null) [parsed.username, parsed.password] = login.split(':') as [string, string];
  const transport = smtpTransport(parsed.toString());
  transports.push(transport);
  return transport;
}

let nextCustomer = 100;
async function mailFor(email: string): Promise<void> {
  const customerId = String(++nextCustomer);
  const member = await enrollMember(db, shop.id, { customerId, email, firstName: 'Kim', locale: 'de' });
  await queueNotification(db, { shopId: shop.id, memberId: member.id, kind: 'points_earned', idempotencyKey: customerId, data: { points: 40, balance: 40, orderName: '#1001' } });
}

async function send(transport: MailTransport, options: SendOptions = {}, clock?: () => Date) {
  return sendDueNotifications(
    { db, log: createLogger('silent'), appUrl: 'https://app.example', apiSecret: 'secret', fromAddress: 'loyalty@shop.example', transport },
    options,
    clock,
  );
}

async function outbox() {
  return db.$queryRaw<{ email: string; status: string; errorCode: string | null; error: string | null; attempts: number }[]>`
    SELECT m.email, n.status::text AS status, n.error_code AS "errorCode", n.error, n.attempts
    FROM notifications n JOIN members m ON m.id = n.member_id ORDER BY n.id`;
}

/** The mail log's entries as the admin API answers them, oldest first (as the rows were queued). */
async function mailLog() {
  const page = toMailLogPageJson(await listMailLog(db, shop.id, { limit: 50 }));
  return page.mails.reverse().map(({ customer, outcome, failureReason, detail, gaveUpAfter, attempts }) => ({
    email: customer.email,
    outcome,
    failureReason,
    detail,
    gaveUpAfter,
    attempts,
  }));
}

describe('a mail provider refusing', () => {
  it('a recipient it does not know (550 on RCPT TO) or a message as spam (554 after DATA): failed at once, each worded by its code', async () => {
    await mailFor(UNKNOWN);
    await mailFor(SPAM);
    await mailFor('kim@example.com');
    expect(await send(transportAs('loyale:richtig'))).toMatchObject({ sent: 1, failed: 2 });

    expect(await outbox()).toEqual([
      { email: UNKNOWN, status: 'failed', errorCode: 'recipient_refused', error: `550 5.1.1 <${UNKNOWN}>: Recipient address rejected: User unknown`, attempts: 1 },
      { email: SPAM, status: 'failed', errorCode: 'message_refused', error: '554 5.7.1 Message rejected as spam', attempts: 1 },
      { email: 'kim@example.com', status: 'sent', errorCode: null, error: null, attempts: 1 },
    ]);
    expect(sink.mails().map((m) => m.to)).toEqual([['kim@example.com']]);
    expect(await mailLog()).toEqual([
      { email: UNKNOWN, outcome: 'failed', failureReason: 'recipient_refused', detail: `550 5.1.1 <${UNKNOWN}>: Recipient address rejected: User unknown`, gaveUpAfter: null, attempts: 1 },
      { email: SPAM, outcome: 'failed', failureReason: 'message_refused', detail: '554 5.7.1 Message rejected as spam', gaveUpAfter: null, attempts: 1 },
      { email: 'kim@example.com', outcome: 'sent', failureReason: null, detail: null, gaveUpAfter: null, attempts: 1 },
    ]);
  });

  it('the login (535), or a mail without one (530): retried, given up after the attempts; a fixed password sends and clears the code', async () => {
    await mailFor('anna@example.com');
    await mailFor('ben@example.com');
    let now = Date.now();
    const clock = () => new Date(now);
    const options = { maxAttempts: 2, retryDelayMs: 60_000 };

    expect(await send(transportAs('loyale:falsch'), options, clock)).toMatchObject({ sent: 0, failed: 2 });
    const refused = { status: 'pending', errorCode: 'auth_failed', error: '535 5.7.8 Authentication credentials invalid', attempts: 1 };
    expect(await outbox()).toEqual([
      { email: 'anna@example.com', ...refused },
      { email: 'ben@example.com', ...refused },
    ]);
    expect((await mailLog())[0]).toEqual({
      email: 'anna@example.com',
      outcome: 'pending',
      failureReason: 'auth_failed',
      detail: '535 5.7.8 Authentication credentials invalid',
      gaveUpAfter: null,
      attempts: 1,
    });

    // The second and last attempt of Anna's, without a login at all; Ben's password is fixed first.
    now += 61_000;
    await db.$executeRaw`UPDATE notifications n SET next_attempt_at = next_attempt_at + interval '1 day'
      FROM members m WHERE m.id = n.member_id AND m.email = 'ben@example.com'`;
    expect(await send(transportAs(null), options, clock)).toMatchObject({ failed: 1 });
    expect((await outbox())[0]).toEqual({ email: 'anna@example.com', status: 'failed', errorCode: 'auth_failed', error: '530 Error: authentication Required', attempts: 2 });
    expect((await mailLog())[0]).toMatchObject({ outcome: 'failed', failureReason: 'auth_failed', gaveUpAfter: 2, attempts: 2 });

    now += 86_400_000 + 61_000;
    expect(await send(transportAs('loyale:richtig'), options, clock)).toMatchObject({ sent: 1, failed: 0 });
    expect((await outbox())[1]).toEqual({ email: 'ben@example.com', status: 'sent', errorCode: null, error: null, attempts: 2 });
    expect(sink.mails().map((m) => m.to)).toEqual([['ben@example.com']]);
  });
});

describe('a mail server that is not there', () => {
  it('nothing listening on the port: server_unreachable with the system’s error, retried', async () => {
    await mailFor('anna@example.com');
    const port = await freePort();
    expect(await send(transportAs(null, `smtp://127.0.0.1:${port}`), { maxAttempts: 3 })).toMatchObject({ failed: 1 });
    expect(await outbox()).toEqual([
      { email: 'anna@example.com', status: 'pending', errorCode: 'server_unreachable', error: `connect ECONNREFUSED 127.0.0.1:${port}`, attempts: 1 },
    ]);
  });
});
