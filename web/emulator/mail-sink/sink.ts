import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the sink received, as a reviewer or a test reads it. */
export interface ReceivedMail {
  id: number;
  receivedAt: string;
  /** The sender's address. */
  from: string;
  /** The sender's display name, decoded ('' when the From header has none). */
  fromName: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Header names lower-cased, e.g. `list-unsubscribe`. */
  headers: Record<string, string>;
}

export interface MailSinkOptions {
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** How many mails are kept (the oldest go first). @defaultValue 500 */
  keep?: number;
  /**
   * The logins it accepts (user → password), as a mail provider would: every mail then needs one (530 without, 535
   * for a wrong one). Without it, no login is needed and any is accepted.
   */
  users?: Record<string, string>;
  /** Addresses it refuses for good at RCPT TO (550 5.1.1 User unknown), as a provider does a mailbox it does not know. */
  unknownRecipients?: string[];
  /** Addresses whose mail it refuses for good after DATA (554 5.7.1 rejected as spam). */
  spamRecipients?: string[];
}

export interface MailSink {
  /** e.g. smtp://127.0.0.1:41235, what the app's SMTP_URL is set to. */
  readonly url: string;
  /** Newest first; only mails to `to` when given. */
  mails(to?: string): ReceivedMail[];
  find(id: number): ReceivedMail | undefined;
  clear(): void;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

/** An SMTP refusal as smtp-server sends it: the reply code and its text. */
const refusal = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

const isAmong = (list: string[] | undefined, address: string) => (list ?? []).some((a) => a.toLowerCase() === address.toLowerCase());

/**
 * A local SMTP server that accepts every mail without authentication and keeps it in memory: the development and
 * test stand-in for the merchant's mail provider (the app sends over real SMTP with nodemailer). Tests may have it
 * refuse as a provider does: a login (`users`), a recipient, a message.
 */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const keep = options.keep ?? 500;
  let mails: ReceivedMail[] = [];
  let nextId = 1;
  const users = options.users;
  const server = new SMTPServer({
    authOptional: users === undefined,
    // The sink speaks no TLS; a login over plain text is fine on this machine.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 5 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (users === undefined || (auth.username !== undefined && users[auth.username] === auth.password)) callback(null, { user: auth.username });
      else callback(refusal(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      if (isAmong(options.unknownRecipients, address.address)) callback(refusal(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      else callback();
    },
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((to) => isAmong(options.spamRecipients, to.address))) {
        stream.on('end', () => callback(refusal(554, '5.7.1 Message rejected as spam')));
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const headers: Record<string, string> = {};
          // The raw header lines: mailparser turns some headers (List-*) into structures.
          for (const { key, line } of parsed.headerLines) headers[key.toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
          mails.push({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            from: addresses(parsed.from)[0] ?? '',
            fromName: parsed.from?.value[0]?.name ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            headers,
          });
          if (mails.length > keep) mails = mails.slice(-keep);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${host}:${port}`,
    mails: (to) => [...mails].reverse().filter((m) => to === undefined || m.to.includes(to.toLowerCase()) || m.to.includes(to)),
    find: (id) => mails.find((m) => m.id === id),
    clear: () => {
      mails = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
