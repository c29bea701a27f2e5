import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createRedis } from '../queue/connection.js';
import { createEnqueuer } from './enqueue.js';
import { createWebhookQueue, type WebhookQueue } from './queue.js';
import { dropQueueKeys, eventually, TEST_REDIS_URL } from './test-support.js';

const log = createLogger('silent');
let prefix: string;
let producer: Redis;
let queue: WebhookQueue;

beforeEach(async () => {
  prefix = `test-${randomUUID()}`;
  producer = createRedis(TEST_REDIS_URL, { enableOfflineQueue: false });
  queue = createWebhookQueue(producer, prefix);
  await queue.waitUntilReady();
});

afterEach(async () => {
  await queue.close();
  producer.disconnect();
  await dropQueueKeys(prefix);
});

const waiting = async () => (await queue.getJobCounts('waiting')).waiting;
/** The events of the waiting jobs, in order. */
const queuedEvents = async () => (await queue.getJobs(['waiting'])).flatMap((job) => job.data.eventIds).sort((a, b) => Number(a) - Number(b));

describe('createEnqueuer', () => {
  it('hands events over in batches, one job per batch', async () => {
    const enqueuer = createEnqueuer(queue, producer, log, { maxBatch: 200 });
    const ids = Array.from({ length: 450 }, (_, i) => String(i + 1));
    ids.forEach((id) => enqueuer.enqueue(id));
    await enqueuer.flush();
    expect(await waiting()).toBe(3);
    expect(await queuedEvents()).toEqual(ids);
  });

  it('adds a batch that is still queued only once', async () => {
    const enqueuer = createEnqueuer(queue, producer, log);
    ['1', '2'].forEach((id) => enqueuer.enqueue(id));
    await enqueuer.flush();
    ['1', '2'].forEach((id) => enqueuer.enqueue(id));
    await enqueuer.flush();
    expect(await waiting()).toBe(1);
  });

  it('holds events while told to, and hands them over when released', async () => {
    const enqueuer = createEnqueuer(queue, producer, log, { batchDelayMs: 1 });
    enqueuer.hold(true);
    ['1', '2', '3'].forEach((id) => enqueuer.enqueue(id));
    await new Promise((r) => setTimeout(r, 100));
    expect(await waiting()).toBe(0);
    enqueuer.hold(false);
    await eventually(async () => (await queuedEvents()).length === 3);
    expect(await queuedEvents()).toEqual(['1', '2', '3']);
  });

  it('hands held events over on flush', async () => {
    const enqueuer = createEnqueuer(queue, producer, log);
    enqueuer.hold(true);
    enqueuer.enqueue('9');
    await enqueuer.flush();
    expect(await waiting()).toBe(1);
  });

  it('hands over events that arrive while its connection is still opening', async () => {
    // A process's first webhooks can come before its first connect to Redis is done.
    const opening = createRedis(TEST_REDIS_URL, { enableOfflineQueue: false });
    const openingQueue = createWebhookQueue(opening, prefix);
    expect(opening.status).toBe('connecting');
    const enqueuer = createEnqueuer(openingQueue, opening, log);
    enqueuer.enqueue('7');
    await enqueuer.flush();
    expect(await queuedEvents()).toEqual(['7']);
    await openingQueue.close();
    opening.disconnect();
  });

  it('leaves events to the sweeper while Redis is unreachable, without waiting', async () => {
    const down = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false });
    const unreachable = createWebhookQueue(down, prefix);
    unreachable.on('error', () => {});
    const enqueuer = createEnqueuer(unreachable, down, log, { batchDelayMs: 1 });
    enqueuer.enqueue('5');
    const started = Date.now();
    await enqueuer.flush();
    // Not held until Redis answers: far below the producer's 5 s command timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    await unreachable.close();
    down.disconnect();
    expect(await waiting()).toBe(0);
  });
});
