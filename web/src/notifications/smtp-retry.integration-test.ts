import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../emulator/mail-sink/sink.js';
import { eventually } from '../../test/harness.js';
import { emailOf, startNotificationFixture, type NotificationFixture } from './test-fixture.js';

/** SMTP_URL names a server that is down: mails are retried with backoff, sent once it is back, given up after N. */
let fx: NotificationFixture;
let port: number;
let sink: MailSink | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

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

describe('an SMTP server that is down', () => {
  it('gives a mail up after maxAttempts; retries another until the server is back, then sends it once', async () => {
    await fx.order(8001, 6001, '50.00', 'de-DE');
    const [given] = await eventually(async () => {
      const rows = await fx.outbox(6001);
      return rows[0]?.status === 'failed' ? rows : undefined;
    }, 15_000);
    expect(given).toMatchObject({ kind: 'points_earned', status: 'failed', attempts: 3, error: expect.stringMatching(/ECONNREFUSED/) });

    await fx.order(8002, 6002, '60.00', 'en');
    // A failed attempt recorded (the claim counts the attempt before the send fails).
    const [failing] = await eventually(async () => {
      const rows = await fx.outbox(6002);
      return rows[0]?.error ? rows : undefined;
    });
    expect(failing).toMatchObject({ status: 'pending', error: expect.stringMatching(/ECONNREFUSED/) });

    sink = await startMailSink({ port });
    const [mail] = await eventually(async () => {
      const mails = sink!.mails(emailOf(6002));
      return mails.length > 0 ? mails : undefined;
    }, 15_000);
    expect(mail).toMatchObject({ subject: 'You earned 60 points at Kaffeerösterei Müller' });
    const [row] = await eventually(async () => {
      const rows = await fx.outbox(6002);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    expect(row!.error).toBeNull();

    // Later runs change nothing: one mail for the retried row, none for the one given up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sink.mails(emailOf(6002))).toHaveLength(1);
    expect(sink.mails(emailOf(6001))).toEqual([]);
    expect((await fx.outbox(6001))[0]!.status).toBe('failed');
    // SMTP_URL wins over the emulator's sink.
    expect(fx.emulator.mailSink.mails()).toEqual([]);
  });
});
