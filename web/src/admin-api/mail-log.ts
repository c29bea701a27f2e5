import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { countMailOutcomes, listMailLog } from '../notifications/mail-log-repository.js';
import { mailOutcomeTotals } from '../notifications/mail-outcome.js';
import { NOTIFICATION_RETENTION_MS } from '../notifications/retention.js';
import { countUnsubscribed } from '../notifications/subscriber-repository.js';
import { mailLogQuery, toMailActivityJson, toMailLogPageJson } from './dto/mail-log.js';
import { parseQuery } from './validation.js';

/** The period the activity counts cover. */
const ACTIVITY_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The merchant's mail log, over what the notification outbox still holds: `GET /api/notifications/activity` (the
 * last 30 days' mails by outcome and skip reason, and how many customers unsubscribed) and
 * `GET /api/notifications/mails?outcome=&limit=&after=` (newest first, cursor pages).
 */
export function mailLogRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/notifications/activity', async (_req, res) => {
    const { shop } = authenticated(res);
    const since = new Date(Date.now() - ACTIVITY_DAYS * DAY_MS);
    const [counts, unsubscribedCustomers] = await Promise.all([countMailOutcomes(ctx.db, shop.id, since), countUnsubscribed(ctx.db, shop.id)]);
    res.json(
      toMailActivityJson({
        since,
        days: ACTIVITY_DAYS,
        totals: mailOutcomeTotals(counts),
        unsubscribedCustomers,
        retentionDays: Math.round(NOTIFICATION_RETENTION_MS / DAY_MS),
      }),
    );
  });

  router.get('/notifications/mails', async (req, res) => {
    const { shop } = authenticated(res);
    res.json(toMailLogPageJson(await listMailLog(ctx.db, shop.id, parseQuery(req, mailLogQuery))));
  });

  return router;
}
