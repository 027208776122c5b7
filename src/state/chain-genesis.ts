/**
 * The chain a Redis scope describes, pinned by its genesis block hash: recorded on first use,
 * checked at every daemon start. The scope's key (chain-scope.ts) carries the chain id and, for
 * a devnet, its instance; a chain that reuses a chain id without an instance (a testnet reset,
 * a fork run under a production config) has another genesis and is refused instead of reading
 * the old chain's intents and settled blocks as its own.
 */
import type { Redis } from 'ioredis';
import { InputError, RetryableError } from '../domain/errors.ts';

/** What is read of the chain: its genesis block. */
export interface GenesisSource {
  getBlock(tag: number): Promise<{ hash: string | null } | null>;
}

/**
 * @throws InputError when the scope already belongs to a chain with another genesis hash.
 * @example await checkChainGenesis(redis, config.queue.prefix, provider);
 */
export async function checkChainGenesis(redis: Redis, prefix: string, chain: GenesisSource): Promise<void> {
  const genesis = (await chain.getBlock(0))?.hash;
  if (!genesis) throw new RetryableError('genesis block unreadable', { details: [`prefix: ${prefix}`] });
  const key = `${prefix}:genesis`;
  await redis.set(key, genesis, 'NX');
  const recorded = await redis.get(key);
  if (recorded !== genesis) {
    throw new InputError('Redis holds keeper state of another chain under this prefix', {
      details: [`prefix: ${prefix}`, `recorded genesis: ${recorded}`, `node's genesis: ${genesis}`, 'check chain.rpcUrls, or use another queue.prefix'],
    });
  }
}
