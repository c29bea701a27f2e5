import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { OutgoingMail } from './compose.js';

/** How long the SMTP conversation may wait for a reply at any step. */
export const SMTP_SOCKET_TIMEOUT_MS = 5 * 60_000;

/** Sends mails; `send` rejects when the server did not accept the mail. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Hosts of this machine: a relay there (the emulator's mail sink, a local postfix) is not reached over a network. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/;

/**
 * nodemailer's pool options from an `smtp://user:pass@host:port` or `smtps://` URL. An `smtp://` relay on another
 * host must upgrade with STARTTLS before anything is sent: nodemailer otherwise goes on in plain text when the
 * server does not offer it, which an attacker on the path can arrange (the password, the customers' addresses and
 * their codes would follow). `?requireTLS=false` allows a relay without TLS on a trusted network.
 */
export function smtpOptions(url: string): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    pool: true,
    // A few connections serve a run's batch; the pool closes idle ones itself.
    maxConnections: 3,
    host,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !LOOPBACK.test(host) && parsed.searchParams.get('requireTLS') !== 'false',
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
    // A server that does not answer fails the attempt within a run's lease (send.ts) instead of holding the row. A
    // reply that is slow but comes (a relay scanning the message after the final dot, for which RFC 5321 allows
    // minutes) must not count as a failure: the mail would be retried after it was accepted, and arrive twice.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
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
