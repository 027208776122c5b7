/**
 * Removes every key under a keeper's Redis prefix. Only for the embedded devnet: `keeper
 * start` begins a NEW chain each time with the same chain id and the same block numbers, so
 * the previous run's state (completed tick jobs whose ids the new ticks would reuse, the last
 * settled block, breaker and rate history, turnover) describes a chain that no longer exists
 * and would make the keeper skip or refuse the new one's first blocks.
 */
import type { Redis } from 'ioredis';
import { InputError } from '../domain/errors.ts';

/**
 * @returns how many keys were removed
 * @example await clearKeeperState(redis, 'rk-devnet') // 131
 */
export async function clearKeeperState(redis: Redis, prefix: string): Promise<number> {
  // A prefix with glob characters, or an empty one, could match other programs' keys.
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new InputError('refusing to clear a Redis prefix that is empty or holds pattern characters', { details: [`prefix: ${JSON.stringify(prefix)}`] });
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
