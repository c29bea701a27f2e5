import { describe, expect, it } from 'vitest';
import { composeMail, type ComposeInput } from './compose.js';
import { withoutAddresses } from './send.js';

const input: ComposeInput = {
  notificationId: 42n,
  shopDomain: 'kaffee.myshopify.com',
  senderName: 'Kaffeerösterei',
  replyTo: null,
  to: 'anna@example.com',
  fromAddress: undefined,
  unsubscribeUrl: 'https://app.example/notifications/unsubscribe?token=a.b',
  mail: { subject: 'Hallo', text: 'Text', html: '<p>Text</p>' },
};

describe('composeMail', () => {
  it('sends as the shop (sender name, loyalty@ the shop domain) with the one-click unsubscribe headers', () => {
    expect(composeMail(input)).toEqual({
      from: { name: 'Kaffeerösterei', address: 'loyalty@kaffee.myshopify.com' },
      to: 'anna@example.com',
      subject: 'Hallo',
      text: 'Text',
      html: '<p>Text</p>',
      messageId: '<loyale-notification-42.kaffee.myshopify.com@kaffee.myshopify.com>',
      headers: {
        'List-Unsubscribe': '<https://app.example/notifications/unsubscribe?token=a.b>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  });

  it('uses the configured From address and the shop’s reply-to', () => {
    const mail = composeMail({ ...input, fromAddress: 'rewards@loyale.example', replyTo: 'hallo@kaffee.example' });
    expect(mail.from).toEqual({ name: 'Kaffeerösterei', address: 'rewards@loyale.example' });
    expect(mail.replyTo).toBe('hallo@kaffee.example');
    expect(mail.messageId).toBe('<loyale-notification-42.kaffee.myshopify.com@loyale.example>');
  });
});

describe('withoutAddresses', () => {
  it.each([
    ['550 5.1.1 <anna@example.com>: Recipient address rejected', '550 5.1.1 <<address>>: Recipient address rejected'],
    ['connect ECONNREFUSED 127.0.0.1:2525', 'connect ECONNREFUSED 127.0.0.1:2525'],
    ["Can't send mail - all recipients were rejected: 553 anna.b@example.org", "Can't send mail - all recipients were rejected: 553 <address>"],
  ])('%s', (text, expected) => {
    expect(withoutAddresses(text)).toBe(expected);
  });
});
