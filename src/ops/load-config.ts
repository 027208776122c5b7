/**
 * Config loading for the operations commands (status, pause, resume, compound): the same
 * validation as `keeper run`, so an operator command never acts on a config the daemon
 * would refuse, and never on a different Redis prefix than the daemon's.
 */
import { loadConfig } from '../config/load.ts';
import type { KeeperConfig } from '../config/schema.ts';
import { loadStrategyRegistry } from '../../strategies/registry.ts';

/** @example const config = await loadOpsConfig('config/devnet.yaml', io.env); */
export async function loadOpsConfig(file: string, env: Readonly<Record<string, string | undefined>>, deploymentFile?: string): Promise<KeeperConfig> {
  const strategies = await loadStrategyRegistry();
  return loadConfig(file, {
    env,
    strategyParamsSchema: (name) => strategies.paramsSchema(name),
    strategyNames: strategies.names(),
    ...(deploymentFile !== undefined ? { deploymentFile } : {}),
  });
}
