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

describe('mail sink refusing as a mail provider does', () => {
  it('asks for a login it knows, and refuses an unknown recipient at RCPT TO and a spam message after DATA', async () => {
    const strict = await startMailSink({ users: { loyale: 'richtig' }, unknownRecipients: ['gone@example.com'], spamRecipients: ['trap@example.com'] });
    const port = Number(new URL(strict.url).port);
    const send = async (auth: { user: string; pass: string } | undefined, to: string) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) });
      try {
        await transport.sendMail({ from: 'loyalty@example.com', to, subject: 'Hallo', text: 'Hallo' });
        return null;
      } catch (error) {
        const { code, command, responseCode, response } = error as Record<string, unknown>;
        return { code, command, responseCode, response };
      } finally {
        transport.close();
      }
    };
    try {
      const login = { user: 'loyale', pass: 'richtig' };
      expect(await send({ user: 'loyale', pass: 'falsch' }, 'anna@example.com')).toEqual({
        code: 'EAUTH',
        command: 'AUTH PLAIN',
        responseCode: 535,
        response: '535 5.7.8 Authentication credentials invalid',
      });
      expect(await send(undefined, 'anna@example.com')).toMatchObject({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 530 });
      expect(await send(login, 'gone@example.com')).toEqual({
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: 550,
        response: '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown',
      });
      expect(await send(login, 'trap@example.com')).toEqual({ code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.7.1 Message rejected as spam' });
      expect(await send(login, 'anna@example.com')).toBeNull();
      expect(strict.mails().map((m) => m.to)).toEqual([['anna@example.com']]);
    } finally {
      await strict.close();
    }
  });
});
