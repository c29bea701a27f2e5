/**
 * Why sending a mail failed, as the merchant is told: a stable code the admin words in their language, beside the
 * mail server's answer (or the system's error where no answer came) kept as the detail. Classified from what
 * nodemailer rejects with: `code` (the step that failed: EENVELOPE, EMESSAGE, EAUTH, ETLS, ESOCKET, EDNS, ETIMEDOUT,
 * ECONNECTION, ...), `responseCode` and `response` (the server's reply), `command` (the SMTP command it answered:
 * 'RCPT TO', 'MAIL FROM', 'DATA', 'AUTH PLAIN', 'STARTTLS', 'CONN') and `originalCode` (the system's error under
 * ESOCKET or EDNS: ECONNREFUSED, ENOTFOUND, ERR_SSL_...). Pure.
 */

export const MAIL_FAILURE_CODES = [
  /** The server refused the recipient for good (5xx on RCPT TO): no such mailbox, the address not accepted. */
  'recipient_refused',
  /** The server refused the sender address for good (5xx on MAIL FROM): the From address, not the customer's. */
  'sender_refused',
  /** The server refused the message for good (5xx on DATA or after it): spam, size, content. */
  'message_refused',
  /** The server asked to try later (any 4xx: greylisting, throttling, a mailbox over quota for now). */
  'temporarily_refused',
  /** The login was refused, or the server wanted one that was not given (530): SMTP_URL's user and password. */
  'auth_failed',
  /** No encrypted connection: STARTTLS not offered or refused, the TLS handshake or the certificate failed. */
  'tls_failed',
  /** The connection was refused or the host could not be reached (nothing listens there, a firewall). */
  'server_unreachable',
  /** The server's host name could not be resolved. */
  'dns_failed',
  /** The server did not answer in time (connecting, greeting, or any later step). */
  'timeout',
  /** The connection broke off during the conversation. */
  'connection_lost',
  /** The mail could not be composed from what the outbox holds (nothing was sent). */
  'invalid_data',
  /** Anything else: the detail says what. */
  'other',
] as const;

export type MailFailureCode = (typeof MAIL_FAILURE_CODES)[number];

/** What is stored for a failed attempt: the code the admin words, and the server's answer or the error as detail. */
export interface MailFailure {
  code: MailFailureCode;
  detail: string;
}

/**
 * The failures that are final at once: the server's 5xx refusal of the recipient, the sender or the message is its
 * last word, and data that cannot be rendered stays so. Every other failure is retried until the attempts are used up
 * (a wrong password or a relay that is down may be fixed meanwhile).
 */
const FINAL: ReadonlySet<MailFailureCode> = new Set(['recipient_refused', 'sender_refused', 'message_refused', 'invalid_data']);

export const isFinalMailFailure = (code: MailFailureCode): boolean => FINAL.has(code);

const MAX_DETAIL_LENGTH = 500;

/** System errors under ESOCKET of a host nothing answers on. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** Node's TLS errors under ESOCKET (an `smtps://` handshake): ERR_SSL_*, ERR_TLS_*, and OpenSSL's certificate codes. */
const TLS_ERROR = /^ERR_(SSL|TLS)_|CERT|^UNABLE_TO_/;

interface SmtpErrorFields {
  message?: unknown;
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function classify(fields: SmtpErrorFields): MailFailureCode {
  const code = text(fields.code);
  const original = text(fields.originalCode);
  const command = text(fields.command);
  const reply = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  // A 4xx is the server's "not now", whatever step it answered (RFC 5321 4.2.1): retried, worded as such.
  if (reply !== undefined && reply >= 400 && reply < 500) return 'temporarily_refused';
  // 530 (RFC 4954): the server wants a login before MAIL FROM; SMTP_URL's settings, not the sender address.
  if (code === 'EAUTH' || code === 'ENOAUTH' || code === 'EOAUTH2' || reply === 530) return 'auth_failed';
  if (code === 'ETLS' || code === 'EREQUIRETLS' || (original !== undefined && TLS_ERROR.test(original))) return 'tls_failed';
  if ((code === 'EENVELOPE' || code === 'EMESSAGE') && reply !== undefined && reply >= 500 && reply < 600) {
    if (command === 'RCPT TO') return 'recipient_refused';
    if (command === 'MAIL FROM') return 'sender_refused';
    return 'message_refused';
  }
  if (code === 'EDNS' || original === 'ENOTFOUND' || original === 'EAI_AGAIN') return 'dns_failed';
  if (code === 'ETIMEDOUT' || original === 'ETIMEDOUT') return 'timeout';
  if (original !== undefined && UNREACHABLE.has(original)) return 'server_unreachable';
  if (code === 'ECONNECTION' || (original !== undefined && DROPPED.has(original))) return 'connection_lost';
  return 'other';
}

/**
 * The failure a rejected send stands for. The detail is the server's reply when one came (nodemailer's message
 * only frames it in English), else the error's message (`connect ECONNREFUSED 10.0.0.5:587`).
 */
export function mailFailureOf(error: unknown): MailFailure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : {};
  const message = error instanceof Error ? error.message : (text(fields.message) ?? String(error));
  const detail = text(fields.response) ?? message;
  return { code: classify(fields), detail: detail.slice(0, MAX_DETAIL_LENGTH) };
}

/** A mail whose stored data does not render: nothing was sent, and retrying cannot repair it. */
export function invalidMailData(error: unknown): MailFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'invalid_data', detail: `invalid data: ${message}`.slice(0, MAX_DETAIL_LENGTH) };
}
