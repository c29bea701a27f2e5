import { describe, expect, it } from 'vitest';
import { smtpOptions } from './transport.js';

describe('smtpOptions', () => {
  it.each([
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false }],
    ['smtp://mail.example.com', { host: 'mail.example.com', port: 587, secure: false }],
    ['smtps://mail.example.com', { host: 'mail.example.com', port: 465, secure: true }],
    ['smtp://[::1]:25', { host: '::1', port: 25, secure: false }],
  ])('%s', (url, expected) => {
    expect(smtpOptions(url)).toMatchObject(expected);
    expect(smtpOptions(url).auth).toBeUndefined();
  });

  it('takes the credentials from the URL, decoded', () => {
    expect(smtpOptions('smtps://apikey:p%40ss%2Fword@smtp.example.com:465').auth).toEqual({ user: 'apikey', pass: 'p@ss/word' });
  });
});
