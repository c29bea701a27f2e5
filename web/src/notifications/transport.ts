import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { OutgoingMail } from './compose.js';

/** Sends mails; `send` rejects when the server did not accept the mail. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** nodemailer's pool options from an `smtp://user:pass@host:port` or `smtps://` URL. */
export function smtpOptions(url: string): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    pool: true,
    // A few connections serve a run's batch; the pool closes idle ones itself.
    maxConnections: 3,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
    // A server that does not answer fails the attempt within a run's lease instead of holding the row.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** The SMTP transport of SMTP_URL (the emulator's mail sink locally). */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(smtpOptions(url));
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}
