import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a signed unsubscribe link is for: a shop's customer (all kinds of mail at once, as the law expects). */
export interface UnsubscribeSubject {
  shopDomain: string;
  customerId: string;
}

export type UnsubscribeVerification = { valid: true; subject: UnsubscribeSubject } | { valid: false; reason: 'malformed' | 'bad_signature' };

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`loyale-unsubscribe:${payload}`).digest('base64url');
}

/**
 * The token in a mail's unsubscribe link: the subject and an HMAC with the app secret, so a link works without a
 * login and cannot be forged for another customer. It does not expire: an old mail's link must still work.
 */
export function unsubscribeToken(subject: UnsubscribeSubject, secret: string): string {
  const payload = Buffer.from(JSON.stringify([subject.shopDomain, subject.customerId])).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeVerification {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return { valid: false, reason: 'malformed' };
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { valid: false, reason: 'bad_signature' };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((v) => typeof v === 'string' && v.length > 0)) {
      return { valid: false, reason: 'malformed' };
    }
    const [shopDomain, customerId] = parsed as [string, string];
    return { valid: true, subject: { shopDomain, customerId } };
  } catch {
    return { valid: false, reason: 'malformed' };
  }
}

/** Where the link of every mail leads: a confirmation page (GET) and the one-click unsubscribe (POST, RFC 8058). */
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';

/** The absolute unsubscribe link of a customer's mails. */
export function unsubscribeUrl(appUrl: string, subject: UnsubscribeSubject, secret: string): string {
  return `${appUrl}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(unsubscribeToken(subject, secret))}`;
}
