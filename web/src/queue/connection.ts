import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ, from a `redis://` URL (its database number honoured).
 * `maxRetriesPerRequest: null` is what BullMQ workers require; producers pass `enableOfflineQueue: false`
 * so that an add fails fast while Redis is down instead of hanging the request (the inbox sweeper retries).
 */
export function createRedis(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, ...options });
}

/**
 * True when the connection is ready, or becomes ready within `timeoutMs` while it is still opening (a process's
 * first commands can come before its first connect finishes). A connection that is down (reconnecting, closed)
 * answers false at once, so a caller never waits on a Redis that is away.
 */
export function connected(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status !== 'connecting' && redis.status !== 'connect') return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady).off('close', onDown).off('end', onDown);
      resolve(ready);
    };
    const onReady = () => settle(true);
    const onDown = () => settle(false);
    const timer = setTimeout(onDown, timeoutMs);
    redis.once('ready', onReady).once('close', onDown).once('end', onDown);
  });
}
