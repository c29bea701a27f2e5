import type { AppContext } from '../app/context.js';
import { startScheduledJobs, type RunningScheduledJobs } from '../queue/scheduled-job.js';
import { scanNotificationBatch } from './scan-repository.js';
import { sendDueNotifications, type SendOptions, type SendSummary } from './send.js';
import { smtpTransport, type MailTransport } from './transport.js';

/**
 * The notification job: a BullMQ job scheduler runs it every few seconds across all processes. Each run scans the
 * recent ledger and redemptions for events without a mail (creating outbox rows) and then sends what is due. The
 * points engine and the redemption saga know nothing of mails: the outbox is filled from what they wrote.
 */
export const NOTIFICATION_JOB = 'notifications';

/** How far back the scanner looks for events without a mail, by default; the outbox's retention must exceed it. */
export const NOTIFICATION_LOOKBACK_MS = 7 * 86_400_000;

export interface NotificationModuleOptions extends SendOptions {
  /** How often the job runs. @defaultValue 5000 ms */
  everyMs?: number;
  /** How far back the scanner looks for events without a mail. @defaultValue 7 days (`NOTIFICATION_LOOKBACK_MS`) */
  lookbackMs?: number;
  /** Events the scanner reads per kind and run at most (past its cursor). @defaultValue 500 */
  scanLimit?: number;
  /** Run the job in this process. @defaultValue true */
  runWorkers?: boolean;
}

export interface NotificationRun extends SendSummary {
  /** Outbox rows the scan created. */
  queued: number;
}

export interface NotificationModule {
  /** Schedules the job and starts its worker (when `runWorkers`). */
  start(): Promise<void>;
  /** Graceful: a running job finishes, then the queue's connections and the SMTP pool close. */
  close(): Promise<void>;
  /** One run now, outside the queue (tests, scripts): scan, then send. */
  runOnce(): Promise<NotificationRun>;
}

export function createNotificationModule(ctx: AppContext, options: NotificationModuleOptions = {}): NotificationModule {
  const log = ctx.log.child({ component: 'notifications' });
  const transport: MailTransport | null = ctx.config.smtpUrl ? smtpTransport(ctx.config.smtpUrl) : null;
  const deps = { db: ctx.db, log, appUrl: ctx.config.appUrl, apiSecret: ctx.config.apiSecret, fromAddress: ctx.config.mailFrom, transport };
  const scanLimit = options.scanLimit ?? 500;
  let scheduled: RunningScheduledJobs | null = null;
  let closing: Promise<void> | null = null;

  const runOnce = async (): Promise<NotificationRun> => {
    const scan = await scanNotificationBatch(ctx.db, {
      since: new Date(Date.now() - (options.lookbackMs ?? NOTIFICATION_LOOKBACK_MS)),
      limit: scanLimit,
      skipAs: transport ? null : 'smtp_not_configured',
    });
    const summary = await sendDueNotifications(deps, options);
    const queued = scan.created;
    if (queued + summary.sent + summary.skipped + summary.failed > 0) log.debug({ queued, ...summary }, 'notification run');
    return { queued, ...summary, more: summary.more || scan.more };
  };

  return {
    async start() {
      if (scheduled || options.runWorkers === false) return;
      if (!transport) log.warn('SMTP_URL is not set: customer notifications are recorded as skipped, none is sent');
      scheduled = startScheduledJobs(ctx, [
        {
          name: NOTIFICATION_JOB,
          everyMs: options.everyMs ?? 5_000,
          // A backlog (a burst of orders) continues at once instead of a period later.
          run: async () => {
            const run = await runOnce();
            return run.more;
          },
        },
      ]);
    },
    close() {
      closing ??= (async () => {
        await scheduled?.close();
        // The pool's idle connections would keep an SMTP server (the emulator's sink) waiting on its shutdown.
        transport?.close();
      })();
      return closing;
    },
    runOnce,
  };
}
