/**
 * Opens the keeper's Redis connection and fails fast with a clear error when Redis is not
 * there, instead of ioredis's default of queueing commands and reconnecting forever.
 */
import { Redis } from 'ioredis';
import { RetryableError, redactUrl } from '../domain/errors.ts';

/**
 * @example const redis = await connectRedis(config.queue.redisUrl); … await redis.quit();
 */
export async function connectRedis(url: string, connectTimeoutMs = 3_000): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: connectTimeoutMs, retryStrategy: () => null, enableOfflineQueue: false });
  // Without a listener ioredis reports connection errors as unhandled 'error' events.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (cause) {
    redis.disconnect();
    throw new RetryableError('Redis is unreachable', { details: [`url: ${redactUrl(url)}`, 'start Redis or fix queue.redisUrl in the config'], cause });
  }
}
