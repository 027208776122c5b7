/**
 * The keeper's two rewards data sources, from the config: claims and trees from the Sidecar,
 * AVS rates from the RewardsCoordinator's events. Without `eigenlayer.rewards` there are none
 * (claimable rewards and published AVS rates count as 0, with a warning).
 */
import type { Redis } from 'ioredis';
import type { KeeperConfig } from '../config/schema.ts';
import { loadSecret, type ReadSecretFile } from '../config/secrets.ts';
import { InputError } from '../domain/errors.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { NO_REWARDS, type RewardsSource } from '../observe/rewards-source.ts';
import { NO_REWARD_RATES, type RewardRatesSource } from '../observe/reward-rates-source.ts';
import { createSidecarClient } from './sidecar-client.ts';
import { sidecarRewardsSource } from './sidecar-source.ts';
import { chainRewardRatesSource } from './chain-rates-source.ts';

export interface RewardsSourcesDeps {
  readonly config: KeeperConfig;
  readonly rpc: RpcTransport;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readSecret: ReadSecretFile;
  /** Dry runs: nothing is written to Redis (the AVS rate scan's cursor stays in memory). */
  readonly readOnly?: boolean;
}

/** @example const { rewards, rewardRates } = await rewardsSources({ config, rpc, redis, logger, env, readSecret }); */
export async function rewardsSources(deps: RewardsSourcesDeps): Promise<{ rewards: RewardsSource; rewardRates: RewardRatesSource }> {
  const settings = deps.config.eigenlayer.rewards;
  if (settings === undefined) {
    deps.logger.warn('no eigenlayer.rewards in the config: claimable rewards and published AVS rates count as 0');
    return { rewards: NO_REWARDS, rewardRates: NO_REWARD_RATES };
  }
  const { sidecar } = settings;
  const secretRef = deps.config.secrets.sidecarAuth;
  if (sidecar.authHeader !== undefined && secretRef === undefined) {
    throw new InputError('Sidecar auth header configured without its secret', { details: ['field: eigenlayer.rewards.sidecar.authHeader', 'add secrets.sidecarAuth ({ env: NAME } or { file: PATH })'] });
  }
  const auth = sidecar.authHeader !== undefined && secretRef !== undefined ? { header: sidecar.authHeader, value: await loadSecret(secretRef, deps.env, deps.readSecret) } : undefined;
  const client = createSidecarClient({ baseUrl: sidecar.url, timeoutMs: sidecar.timeoutMs, retries: sidecar.retries, ...(auth ? { auth } : {}) });
  return {
    rewards: sidecarRewardsSource({ client, rpc: deps.rpc, rewardsCoordinator: deps.config.eigenlayer.rewardsCoordinator, logger: deps.logger.child({ component: 'sidecar' }), listTtlMs: sidecar.listTtlMs }),
    rewardRates: chainRewardRatesSource({ config: deps.config, rpc: deps.rpc, redis: deps.redis, logger: deps.logger.child({ component: 'avs-rates' }), readOnly: deps.readOnly === true }),
  };
}
