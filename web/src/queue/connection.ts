import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ, from a `redis://` URL (its database number honoured).
 * `maxRetriesPerRequest: null` is what BullMQ workers require; producers pass `enableOfflineQueue: false`
 * so that an add fails fast while Redis is down instead of hanging the request (the inbox sweeper retries).
 */
export function createRedis(redisUrl: string, options: RedisOptions = {}): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, ...options });
}
