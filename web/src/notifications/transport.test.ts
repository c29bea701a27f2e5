import { describe, expect, it } from 'vitest';
import { smtpOptions } from './transport.js';

describe('smtpOptions', () => {
  it.each([
    // A relay on another host must upgrade with STARTTLS; one on this machine (the emulator's sink) need not.
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false, requireTLS: false }],
    ['smtp://localhost:2525', { host: 'localhost', port: 2525, secure: false, requireTLS: false }],
    ['smtp://mail.example.com', { host: 'mail.example.com', port: 587, secure: false, requireTLS: true }],
    ['smtp://mail.example.com:25?requireTLS=false', { host: 'mail.example.com', port: 25, secure: false, requireTLS: false }],
    ['smtps://mail.example.com', { host: 'mail.example.com', port: 465, secure: true, requireTLS: false }],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false, requireTLS: false }],
  ])('%s', (url, expected) => {
    expect(smtpOptions(url)).toMatchObject(expected);
    expect(smtpOptions(url).auth).toBeUndefined();
  });

  it('takes the credentials from the URL, decoded', () => {
    expect(smtpOptions('smtps://apikey:p%40ss%2Fword@smtp.example.com:465').auth).toEqual({ user: 'apikey', pass: 'p@ss/word' });
  });
});
