import { describe, expect, it } from 'vitest';
import { invalidMailData, isFinalMailFailure, mailFailureOf, type MailFailureCode } from './mail-failure.js';

/**
 * What nodemailer 10 rejects a send with, field for field as its SMTP pool reported them against smtp-server and plain
 * sockets (a refusing, a silent, a closing server): `code` the step, `response`/`responseCode` the server's reply,
 * `command` the SMTP command it answered, `originalCode` the system error under ESOCKET and EDNS.
 */
const nodemailerError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

/** An SMTP reply as nodemailer's _formatError attaches it: appended to the message, its code parsed. */
const replied = (message: string, code: string, command: string, response: string) =>
  nodemailerError(`${message}: ${response}`, { code, command, response, responseCode: Number(response.slice(0, 3)), permanent: response.startsWith('5') });

describe('mailFailureOf', () => {
  it.each<[string, unknown, MailFailureCode, string, boolean]>([
    [
      'a mailbox the server does not know (550 on RCPT TO)',
      replied("Can't send mail - all recipients were rejected", 'EENVELOPE', 'RCPT TO', '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown'),
      'recipient_refused',
      '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown',
      true,
    ],
    [
      'a recipient refused by policy (554 on RCPT TO)',
      replied("Can't send mail - all recipients were rejected", 'EENVELOPE', 'RCPT TO', '554 5.7.1 <kim@example.org>: Relay access denied'),
      'recipient_refused',
      '554 5.7.1 <kim@example.org>: Relay access denied',
      true,
    ],
    [
      'a recipient greylisted (451 on RCPT TO)',
      replied("Can't send mail - all recipients were rejected", 'EENVELOPE', 'RCPT TO', '451 4.7.1 Greylisted, please try again later'),
      'temporarily_refused',
      '451 4.7.1 Greylisted, please try again later',
      false,
    ],
    [
      'a mailbox over quota for now (452 on RCPT TO)',
      replied("Can't send mail - all recipients were rejected", 'EENVELOPE', 'RCPT TO', '452 4.2.2 Mailbox full'),
      'temporarily_refused',
      '452 4.2.2 Mailbox full',
      false,
    ],
    [
      'the sender address refused (553 on MAIL FROM)',
      replied('Mail command failed', 'EENVELOPE', 'MAIL FROM', '553 5.7.1 <loyalty@shop.example>: Sender address rejected: not owned by user'),
      'sender_refused',
      '553 5.7.1 <loyalty@shop.example>: Sender address rejected: not owned by user',
      true,
    ],
    [
      'the message refused as spam (554 after DATA)',
      replied('Message failed', 'EMESSAGE', 'DATA', '554 5.7.1 Message rejected as spam'),
      'message_refused',
      '554 5.7.1 Message rejected as spam',
      true,
    ],
    [
      'the message too large (552 after DATA)',
      replied('Message failed', 'EMESSAGE', 'DATA', '552 5.3.4 Message size exceeds fixed limit'),
      'message_refused',
      '552 5.3.4 Message size exceeds fixed limit',
      true,
    ],
    ['the DATA command refused (554)', replied('Data command failed', 'EENVELOPE', 'DATA', '554 5.5.1 Error: no valid recipients'), 'message_refused', '554 5.5.1 Error: no valid recipients', true],
    [
      'a relay throttling after DATA (421)',
      replied('Message failed', 'EMESSAGE', 'DATA', '421 4.7.0 Try again later, closing connection'),
      'temporarily_refused',
      '421 4.7.0 Try again later, closing connection',
      false,
    ],
    [
      'a login refused (535)',
      replied('Invalid login', 'EAUTH', 'AUTH PLAIN', '535 5.7.8 Authentication credentials invalid'),
      'auth_failed',
      '535 5.7.8 Authentication credentials invalid',
      false,
    ],
    [
      'a server that wants a login none was given for (530)',
      replied('Mail command failed', 'EENVELOPE', 'MAIL FROM', '530 5.7.0 Authentication required'),
      'auth_failed',
      '530 5.7.0 Authentication required',
      false,
    ],
    ['credentials missing for the method', nodemailerError('Missing credentials for "PLAIN"', { code: 'EAUTH', command: 'API' }), 'auth_failed', 'Missing credentials for "PLAIN"', false],
    [
      'a login the server cannot check now (454)',
      replied('Invalid login', 'EAUTH', 'AUTH LOGIN', '454 4.7.0 Temporary authentication failure'),
      'temporarily_refused',
      '454 4.7.0 Temporary authentication failure',
      false,
    ],
    [
      'STARTTLS required but the server does not know it (500)',
      replied('Error upgrading connection with STARTTLS', 'ETLS', 'STARTTLS', '500 Error: command not recognized'),
      'tls_failed',
      '500 Error: command not recognized',
      false,
    ],
    [
      'an smtps:// port that speaks plain SMTP',
      nodemailerError('409DC858307F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number', {
        code: 'ESOCKET',
        originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
        command: 'CONN',
      }),
      'tls_failed',
      '409DC858307F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number',
      false,
    ],
    [
      'a self-signed certificate',
      nodemailerError('self-signed certificate', { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', command: 'CONN' }),
      'tls_failed',
      'self-signed certificate',
      false,
    ],
    [
      'a certificate for another host',
      nodemailerError("Hostname/IP does not match certificate's altnames: Host: smtp.example.com. is not in the cert's altnames: DNS:mail.example.net", {
        code: 'ESOCKET',
        originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
        command: 'CONN',
      }),
      'tls_failed',
      "Hostname/IP does not match certificate's altnames: Host: smtp.example.com. is not in the cert's altnames: DNS:mail.example.net",
      false,
    ],
    [
      'the TLS upgrade closed by the server',
      nodemailerError('Connection closed unexpectedly', { code: 'ETLS', command: 'CONN' }),
      'tls_failed',
      'Connection closed unexpectedly',
      false,
    ],
    [
      'nothing listening on the port',
      nodemailerError('connect ECONNREFUSED 127.0.0.1:2525', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', errno: -111, syscall: 'connect' }),
      'server_unreachable',
      'connect ECONNREFUSED 127.0.0.1:2525',
      false,
    ],
    [
      'no route to the host',
      nodemailerError('connect EHOSTUNREACH 10.0.0.5:587', { code: 'ESOCKET', originalCode: 'EHOSTUNREACH', command: 'CONN', syscall: 'connect' }),
      'server_unreachable',
      'connect EHOSTUNREACH 10.0.0.5:587',
      false,
    ],
    [
      'a host name that does not resolve',
      nodemailerError('getaddrinfo ENOTFOUND smtp.example.invalid', {
        code: 'EDNS',
        originalCode: 'ENOTFOUND',
        command: 'CONN',
        syscall: 'getaddrinfo',
        hostname: 'smtp.example.invalid',
      }),
      'dns_failed',
      'getaddrinfo ENOTFOUND smtp.example.invalid',
      false,
    ],
    [
      'a DNS server not answering',
      nodemailerError('getaddrinfo EAI_AGAIN smtp.example.com', { code: 'EDNS', originalCode: 'EAI_AGAIN', command: 'CONN' }),
      'dns_failed',
      'getaddrinfo EAI_AGAIN smtp.example.com',
      false,
    ],
    ['a server that never greets', nodemailerError('Greeting never received', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' }), 'timeout', 'Greeting never received', false],
    ['a connection that never opens', nodemailerError('Connection timeout', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'CONNECTION_TIMEOUT' }), 'timeout', 'Connection timeout', false],
    ['a reply that never comes', nodemailerError('Timeout', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' }), 'timeout', 'Timeout', false],
    [
      'the system giving up connecting',
      nodemailerError('connect ETIMEDOUT 203.0.113.9:587', { code: 'ESOCKET', originalCode: 'ETIMEDOUT', command: 'CONN' }),
      'timeout',
      'connect ETIMEDOUT 203.0.113.9:587',
      false,
    ],
    ['the server hanging up mid-conversation', nodemailerError('Connection closed unexpectedly', { code: 'ECONNECTION', command: 'CONN' }), 'connection_lost', 'Connection closed unexpectedly', false],
    [
      'the server hanging up before its greeting, every time (the pool)',
      nodemailerError('Reached maximum number of retries after connection was closed', { code: 'ECONNECTION' }),
      'connection_lost',
      'Reached maximum number of retries after connection was closed',
      false,
    ],
    ['the connection reset', nodemailerError('read ECONNRESET', { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' }), 'connection_lost', 'read ECONNRESET', false],
    [
      'a server refusing service at its greeting (554)',
      replied('Invalid greeting. response=554 5.7.1 Access denied', 'EPROTOCOL', 'CONN', '554 5.7.1 Access denied'),
      'other',
      '554 5.7.1 Access denied',
      false,
    ],
    [
      'a server busy at its greeting (421)',
      replied('Invalid greeting. response=421 Service not available', 'EPROTOCOL', 'CONN', '421 Service not available'),
      'temporarily_refused',
      '421 Service not available',
      false,
    ],
    ['a recipient nodemailer itself finds invalid', nodemailerError('Invalid recipient "a b"', { code: 'EENVELOPE', command: 'API' }), 'other', 'Invalid recipient "a b"', false],
    ['an error of no SMTP kind', new Error('boom'), 'other', 'boom', false],
    ['something thrown that is no error', 'a string', 'other', 'a string', false],
  ])('%s', (_name, error, code, detail, final) => {
    const failure = mailFailureOf(error);
    expect(failure).toEqual({ code, detail });
    expect(isFinalMailFailure(failure.code)).toBe(final);
  });

  it('cuts a long detail to what the column is meant to hold', () => {
    const response = `550 ${'x'.repeat(2_000)}`;
    expect(mailFailureOf(replied('Message failed', 'EMESSAGE', 'DATA', response)).detail).toBe(response.slice(0, 500));
  });
});

describe('invalidMailData', () => {
  it('is final at once: retrying cannot repair what the outbox holds', () => {
    const failure = invalidMailData(new Error('points: expected number'));
    expect(failure).toEqual({ code: 'invalid_data', detail: 'invalid data: points: expected number' });
    expect(isFinalMailFailure(failure.code)).toBe(true);
  });
});
