/**
 * Config loading for the operations commands (status, pause, resume, compound): the same
 * validation as `keeper run`, so an operator command never acts on a config the daemon
 * would refuse, and never on a different Redis prefix than the daemon's.
 */
import type { KeeperConfig } from '../config/schema.ts';
import { loadConfigWithStrategies } from '../config/load-with-strategies.ts';

/** @example const config = await loadOpsConfig('config/devnet.yaml', io.env); */
export async function loadOpsConfig(file: string, env: Readonly<Record<string, string | undefined>>, deploymentFile?: string): Promise<KeeperConfig> {
  return (await loadConfigWithStrategies(file, env, deploymentFile)).config;
}
