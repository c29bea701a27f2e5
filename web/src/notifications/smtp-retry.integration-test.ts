import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../emulator/mail-sink/sink.js';
import { eventually } from '../../test/harness.js';
import { freePort } from '../../test/process.js';
import { emailOf, startNotificationFixture, type NotificationFixture, type OutboxRow } from './test-fixture.js';

/** SMTP_URL names a server that is down: mails are retried with backoff, sent once it is back, given up after N. */
let fx: NotificationFixture;
let port: number;
let sink: MailSink | undefined;

beforeAll(async () => {
  port = await freePort();
  fx = await startNotificationFixture({
    shop: 'smtp-retry.myshopify.com',
    env: { SMTP_URL: `smtp://127.0.0.1:${port}` },
    notifications: { retryDelayMs: 500, maxAttempts: 3 },
  });
});
afterAll(async () => {
  await fx?.stop();
  await sink?.close();
});

/** The customer's outbox row once `ready` holds for it; until then throws what it is (the timeout's message). */
async function outboxRowOnce(customerId: number, ready: (row: OutboxRow) => boolean, timeoutMs?: number): Promise<OutboxRow> {
  return eventually(async () => {
    const [row] = await fx.outbox(customerId);
    if (!row || !ready(row)) throw new Error(`outbox row of ${customerId}: ${JSON.stringify(row ?? null)}`);
    return row;
  }, timeoutMs);
}

describe('an SMTP server that is down', () => {
  it('gives a mail up after maxAttempts; retries another until the server is back, then sends it once', async () => {
    await fx.order(8001, 6001, '50.00', 'de-DE');
    const given = await outboxRowOnce(6001, (row) => row.status === 'failed', 15_000);
    expect(given).toMatchObject({ kind: 'points_earned', status: 'failed', attempts: 3, error: expect.stringMatching(/ECONNREFUSED/) });

    await fx.order(8002, 6002, '60.00', 'en');
    // A failed attempt recorded (the claim counts the attempt before the send fails).
    const failing = await outboxRowOnce(6002, (row) => row.error !== null);
    expect(failing).toMatchObject({ status: 'pending', error: expect.stringMatching(/ECONNREFUSED/) });

    sink = await startMailSink({ port });
    const [mail] = await eventually(async () => {
      const mails = sink!.mails(emailOf(6002));
      return mails.length > 0 ? mails : undefined;
    }, 15_000);
    expect(mail).toMatchObject({ subject: 'You earned 60 points at Kaffeerösterei Müller' });
    const row = await outboxRowOnce(6002, (sent) => sent.status === 'sent');
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.error).toBeNull();

    // Later runs change nothing: one mail for the retried row, none for the one given up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sink.mails(emailOf(6002))).toHaveLength(1);
    expect(sink.mails(emailOf(6001))).toEqual([]);
    expect((await fx.outbox(6001))[0]!.status).toBe('failed');
    // SMTP_URL wins over the emulator's sink.
    expect(fx.emulator.mailSink.mails()).toEqual([]);
  });
});
