import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app/context.js';
import { mailLocaleFor, type MailLocale } from './messages.js';
import { findSubscriber, unsubscribe, type Subscriber } from './subscriber-repository.js';
import { unsubscribePage, type UnsubscribePageState } from './unsubscribe-page.js';
import { UNSUBSCRIBE_PATH, verifyUnsubscribeToken, type UnsubscribeSubject } from './unsubscribe.js';

function send(res: Response, status: number, html: string): void {
  // The token is in the URL: the page is never cached, indexed or passed on as a referrer.
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' }).type('html').send(html);
}

/** The customer's language, else the browser's (a link the app cannot read, a customer it no longer knows). */
function pageLocale(req: Request, subscriber: Subscriber | null): MailLocale {
  if (subscriber?.locale) return mailLocaleFor(subscriber.locale);
  return mailLocaleFor(req.acceptsLanguages('en', 'de') || 'en');
}

/** The subject of the request's token, or null after answering 400. */
function subjectOf(req: Request, res: Response, secret: string): UnsubscribeSubject | null {
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  const verified = verifyUnsubscribeToken(token, secret);
  if (verified.valid) return verified.subject;
  send(res, 400, unsubscribePage({ state: 'invalid', locale: pageLocale(req, null) }));
  return null;
}

/**
 * The public unsubscribe link of every mail (no login: the signed token is the authorisation).
 * `GET` shows a confirmation page with a button (a link scanner that follows links must not unsubscribe anyone);
 * `POST` to the same URL unsubscribes: the button, and mail clients' one-click unsubscribe (RFC 8058, the body
 * `List-Unsubscribe=One-Click`). A customer the app no longer knows reads as unsubscribed: there is nothing to send.
 */
export function unsubscribeRouter(ctx: AppContext): Router {
  const router = Router();

  router.get(UNSUBSCRIBE_PATH, async (req, res) => {
    const subject = subjectOf(req, res, ctx.config.apiSecret);
    if (!subject) return;
    const subscriber = await findSubscriber(ctx.db, subject);
    const state: UnsubscribePageState = subscriber && !subscriber.unsubscribed ? 'confirm' : 'done';
    const shop = subscriber?.senderName ?? subject.shopDomain;
    send(res, 200, unsubscribePage({ state, locale: pageLocale(req, subscriber), shop, action: req.originalUrl }));
  });

  router.post(UNSUBSCRIBE_PATH, express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const subject = subjectOf(req, res, ctx.config.apiSecret);
    if (!subject) return;
    const subscriber = await unsubscribe(ctx.db, subject, new Date());
    if (subscriber) ctx.log.info({ shop: subject.shopDomain, customerId: subject.customerId }, 'customer unsubscribed from notifications');
    const shop = subscriber?.senderName ?? subject.shopDomain;
    send(res, 200, unsubscribePage({ state: 'done', locale: pageLocale(req, subscriber), shop }));
  });

  return router;
}
