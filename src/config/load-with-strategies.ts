/**
 * Loads a keeper config against the real strategy registry: the one way every command that
 * acts on a config reads it, so `plan`, `execute`, `run` and the operations commands can
 * never accept a config the daemon would refuse.
 */
import { loadConfig } from './load.ts';
import type { KeeperConfig } from './schema.ts';
import { loadStrategyRegistry, type StrategyRegistry } from '../../strategies/registry.ts';

export interface LoadedConfig {
  config: KeeperConfig;
  strategies: StrategyRegistry;
}

/** @example const { config, strategies } = await loadConfigWithStrategies('config/devnet.yaml', io.env); */
export async function loadConfigWithStrategies(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  deploymentFile?: string,
): Promise<LoadedConfig> {
  const strategies = await loadStrategyRegistry();
  const config = await loadConfig(file, {
    env,
    strategyParamsSchema: (name) => strategies.paramsSchema(name),
    strategyNames: strategies.names(),
    ...(deploymentFile !== undefined ? { deploymentFile } : {}),
  });
  return { config, strategies };
}
