import { missedOccurrenceJob, type MissedOccurrenceOptions } from '../campaigns/missed-occurrences.js';
import { campaignModuleOf } from '../campaigns/module.js';
import { previewRetentionJob, type PreviewRetentionOptions } from '../campaigns/preview-retention.js';
import { stalledRunJob, type StalledRunOptions } from '../campaigns/stalled-runs.js';
import { customerSyncJob, type CustomerSyncJobOptions } from '../customer-sync/job.js';
import { createNotificationModule, type NotificationModuleOptions } from '../notifications/jobs.js';
import { notificationRetentionJob, type NotificationRetentionOptions } from '../notifications/retention.js';
import { perkJobs, type PerkJobOptions } from '../perks/jobs.js';
import { pointsExpiryJobs, type PointsExpiryJobOptions } from '../points-expiry/job.js';
import { startScheduledJobs } from '../queue/scheduled-job.js';
import { reconcilePendingRedemptions } from '../rewards/reconcile.js';
import { tokenMigrationJob, type TokenMigrationJobOptions } from '../shopify/token-migration.js';
import type { WebhookModule } from '../webhooks/index.js';
import { inboxRetentionJob, type InboxRetentionOptions } from '../webhooks/retention.js';
import type { AppContext } from './context.js';

export interface JobOptions {
  /** How often pending redemptions are reconciled. @defaultValue 60000 ms */
  reconcileIntervalMs?: number;
  /** The customer notification job (period, retries). */
  notifications?: NotificationModuleOptions;
  /** The tier perk jobs (periods, batch sizes, pace). */
  perks?: PerkJobOptions;
  /** The customer tag/metafield sync job (period, batch size, pace). */
  customerSync?: CustomerSyncJobOptions;
  /** The deletion of processed inbox rows past their de-duplication window. */
  inboxRetention?: InboxRetentionOptions;
  /** The deletion of finished notification outbox rows past their retention. */
  notificationRetention?: NotificationRetentionOptions;
  /** The deletion of campaign previews (dry runs) past their retention. */
  previewRetention?: PreviewRetentionOptions;
  /** The check that queues again the job of a campaign run that lost it. */
  stalledCampaignRuns?: StalledRunOptions;
  /** The check that runs a scheduled campaign occurrence whose job failed or was lost before it made the run. */
  missedCampaignOccurrences?: MissedOccurrenceOptions;
  /** The migration of non-expiring offline tokens to expiring ones. */
  tokenMigration?: TokenMigrationJobOptions;
  /** The expiry of points after the program's months without activity, and its reminders (programs that have one). */
  pointsExpiry?: PointsExpiryJobOptions;
}

export interface RunningJobs {
  /** Graceful: running jobs finish, no new ones start. */
  close(): Promise<void>;
}

/**
 * The background side of Loyale, wherever it runs (the web process, or the worker process of `worker-main.ts`):
 * the webhook worker, the inbox sweeper and the tier recheck (all in the webhook module), customer notifications
 * (outbox scanner and SMTP sender), surprise-gift campaign runs, tier perk grants, the tag/metafield sync, and the
 * reconciler of redemptions a crash left pending, the re-queueing of campaign runs that lost their job, the catch-up
 * of scheduled campaign occurrences that never got their run, the migration of non-expiring offline tokens, points
 * expiry, and the retention of the inbox, the notification outbox and campaign previews.
 */
export async function startJobs(ctx: AppContext, webhooks: WebhookModule, options: JobOptions = {}): Promise<RunningJobs> {
  // Retention: processed inbox rows go once the platform stopped retrying (their payload went already), finished
  // mails once a merchant no longer looks back at them, previews after a week. Built first: a notification retention
  // within the scanner's look-back throws before anything started.
  const retention = [
    inboxRetentionJob(ctx, options.inboxRetention),
    notificationRetentionJob(ctx, options.notificationRetention, options.notifications?.lookbackMs),
    previewRetentionJob(ctx, options.previewRetention),
  ];
  await webhooks.start();
  const notifications = createNotificationModule(ctx, options.notifications);
  await notifications.start();
  const campaigns = campaignModuleOf(ctx);
  await campaigns.start();
  // Tier perks (grants on reaching a tier, monthly renewals), the tag/metafield sync of members to the platform, the
  // safety nets of campaign runs whose job was lost and of occurrences that never got their run, and the retention
  // jobs.
  const scheduled = startScheduledJobs(ctx, [
    ...perkJobs(ctx, options.perks),
    customerSyncJob(ctx, options.customerSync),
    stalledRunJob(ctx, campaigns.queue, options.stalledCampaignRuns),
    missedOccurrenceJob(ctx, campaigns, options.missedCampaignOccurrences),
    tokenMigrationJob(ctx, options.tokenMigration),
    ...pointsExpiryJobs(ctx, options.pointsExpiry),
    ...retention,
  ]);
  const reconcileTimer = setInterval(() => {
    reconcilePendingRedemptions(ctx).catch((err: unknown) => ctx.log.error({ err }, 'redemption reconciliation failed'));
  }, options.reconcileIntervalMs ?? 60_000);
  reconcileTimer.unref();
  return {
    async close() {
      clearInterval(reconcileTimer);
      await Promise.all([webhooks.close(), notifications.close(), campaigns.close(), scheduled.close()]);
    },
  };
}
