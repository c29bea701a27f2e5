import type { AppConfig } from '../config/config.js';
import type { WebhookModuleOptions } from '../webhooks/index.js';
import type { JobOptions } from './jobs.js';

/** The webhook options a worker process can be given: plain data (they cross the IPC channel as JSON). */
export type WorkerWebhookOptions = Omit<WebhookModuleOptions, 'handlers' | 'remoteConcurrency' | 'runWorkers' | 'governed'>;

/** Web process → worker process. */
export type ToWorker =
  | { kind: 'start'; config: AppConfig; webhooks: WorkerWebhookOptions; jobs: JobOptions }
  | { kind: 'concurrency'; concurrency: number }
  | { kind: 'stop' };

/** Worker process → web process. */
export type FromWorker = { kind: 'ready' } | { kind: 'failed'; message: string };
