import type { Job } from 'bullmq';

/**
 * The moment a scheduled campaign job was due: when it was added plus the delay it was added with. BullMQ zeroes
 * `job.delay` once a delayed job is promoted to run, so `timestamp + delay` is only when the job was added, which for
 * a job scheduler is when the previous occurrence ran: the period before (the run of that period exists, and the
 * occurrence due now would give no gifts). `opts.delay` keeps the delay. A retry keeps both, so it belongs to the same
 * period, however late it runs.
 */
export function firedAtOf(job: Pick<Job, 'timestamp' | 'opts'>): Date {
  return new Date(job.timestamp + (job.opts.delay ?? 0));
}
