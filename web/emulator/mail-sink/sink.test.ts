import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from './sink.js';

let sink: MailSink;

beforeAll(async () => {
  sink = await startMailSink();
});

afterAll(async () => {
  await sink.close();
});

describe('mail sink', () => {
  it('receives a mail sent over SMTP with nodemailer and keeps its parts and headers', async () => {
    const transport = nodemailer.createTransport({ url: sink.url } as never);
    await transport.sendMail({
      from: '"Loyale Demo" <loyalty@example.com>',
      to: 'anna@example.com',
      subject: 'Du hast 120 Punkte gesammelt',
      text: 'Hallo Anna',
      html: '<p>Hallo <b>Anna</b></p>',
      headers: { 'List-Unsubscribe': '<https://app.example/unsubscribe?t=abc>' },
    });
    transport.close();
    const [mail] = sink.mails('anna@example.com');
    expect(mail).toMatchObject({
      from: 'loyalty@example.com',
      fromName: 'Loyale Demo',
      to: ['anna@example.com'],
      subject: 'Du hast 120 Punkte gesammelt',
      text: expect.stringContaining('Hallo Anna'),
      html: expect.stringContaining('<b>Anna</b>'),
    });
    expect(mail?.headers['list-unsubscribe']).toContain('https://app.example/unsubscribe?t=abc');
    expect(sink.mails('nobody@example.com')).toEqual([]);
    expect(sink.find(mail!.id)).toEqual(mail);
  });
});
