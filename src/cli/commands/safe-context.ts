/**
 * What every `keeper safe` command opens: the config, the safe-propose vault(s), the
 * provider, Redis and the proposal store (`<queue.prefix>:safe:…`). One place, so each
 * command closes what it opened.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { JsonRpcProvider } from 'ethers';
import type { Redis } from 'ioredis';
import { DEFAULT_DEPLOYMENT_FILE } from '../../config/context.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import type { KeeperConfig, VaultConfig } from '../../config/schema.ts';
import { InputError } from '../../domain/errors.ts';
import { readDeployment, type DevnetDeployment } from '../../devnet/deployment.ts';
import { connectRedis } from '../../keeper/redis.ts';
import { createProposalStore, type ProposalStore } from '../../safe/proposal-store.ts';
import type { StrategyRegistry } from '../../../strategies/registry.ts';
import type { CliIo } from '../io.ts';

export interface SafeCommandContext {
  readonly config: KeeperConfig;
  readonly strategies: StrategyRegistry;
  readonly deployment: DevnetDeployment | undefined;
  readonly provider: JsonRpcProvider;
  readonly redis: Redis;
  readonly store: ProposalStore;
  readonly safeVaults: readonly VaultConfig[];
}

export function proposalPrefix(config: KeeperConfig): string {
  return `${config.queue.prefix}:`;
}

/** Opens everything, runs `body`, closes everything (also on errors). */
export async function withSafeContext<T>(opts: { config: string; deployment?: string }, io: CliIo, body: (ctx: SafeCommandContext) => Promise<T>): Promise<T> {
  const { config, strategies } = await loadConfigWithStrategies(opts.config, io.env, opts.deployment);
  const safeVaults = config.vaults.filter((v) => v.backend === 'safe-propose');
  if (safeVaults.length === 0) throw new InputError('the config has no safe-propose vault', { details: [`vaults: ${config.vaults.map((v) => `${v.name} (${v.backend})`).join(', ')}`, 'see config/dao-treasury.example.yaml'] });
  const file = resolve(opts.deployment ?? config.deployment ?? DEFAULT_DEPLOYMENT_FILE);
  const deployment = existsSync(file) ? readDeployment(file) : undefined;
  const provider = new JsonRpcProvider(config.chain.rpcUrls[0], config.chain.chainId, { staticNetwork: true, pollingInterval: Math.min(config.chain.pollIntervalMs, 1_000), cacheTimeout: -1 });
  const redis = await connectRedis(config.queue.redisUrl);
  try {
    return await body({ config, strategies, deployment, provider, redis, store: createProposalStore(redis, proposalPrefix(config)), safeVaults });
  } finally {
    provider.destroy();
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
  }
}
