/**
 * Redis connections for the daemon. Unlike the one-shot commands (which fail fast), a
 * daemon must ride out a Redis restart or a killed connection: ioredis reconnects with a
 * capped backoff and queues commands meanwhile, BullMQ's workers resume their blocking
 * reads on the new connection, and a job whose command failed is retried by BullMQ.
 *
 * Every connection carries a client name (`CLIENT SETNAME`), so an operator (or a test)
 * can tell the keeper's connections apart in `CLIENT LIST` and kill exactly those.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { RetryableError, redactUrl } from '../domain/errors.ts';
import type { Logger } from '../telemetry/logger.ts';

/** Options BullMQ requires (maxRetriesPerRequest null) plus reconnect-forever with backoff. */
export function daemonRedisOptions(name: string): RedisOptions {
  return {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
    // A killed connection is re-established; commands wait in the offline queue meanwhile.
    enableOfflineQueue: true,
  };
}

/**
 * Opens a reconnecting client and checks once that Redis answers, so a wrong URL fails at
 * start with a clear message rather than as an endless reconnect loop.
 *
 * @example const redis = await connectDaemonRedis(config.queue.redisUrl, 'rk-keeper-123', logger);
 */
export async function connectDaemonRedis(url: string, name: string, logger: Logger, connectTimeoutMs = 5_000): Promise<Redis> {
  const redis = new Redis(url, { ...daemonRedisOptions(name), lazyConnect: true, connectTimeout: connectTimeoutMs });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // Logged once per distinct message: a Redis outage would otherwise log every retry.
    if (err.message !== lastError) logger.warn({ err: { message: err.message } }, 'redis connection error (reconnecting)');
    lastError = err.message;
  });
  redis.on('ready', () => {
    if (lastError !== '') logger.info('redis connection restored');
    lastError = '';
  });
  try {
    await withTimeout(redis.connect().then(() => redis.ping()), connectTimeoutMs);
    return redis;
  } catch (cause) {
    redis.disconnect();
    throw new RetryableError('Redis is unreachable', { details: [`url: ${redactUrl(url)}`, 'start Redis or fix queue.redisUrl in the config'], cause });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
