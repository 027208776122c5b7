/**
 * Config loading for the operations commands (status, pause, resume, compound): the same
 * schema, placeholders and deployment references as `keeper run`, so an operator command
 * never acts on a different Redis prefix or vault set than the daemon's. Strategy params are
 * checked for shape only and no strategy file is imported: `keeper pause` is the emergency
 * brake and must work while a strategy file is broken (the daemon refuses such a config
 * with the file named).
 */
import type { KeeperConfig } from '../config/schema.ts';
import { loadConfig } from '../config/load.ts';

/** @example const config = await loadOpsConfig('config/devnet.yaml', io.env); */
export async function loadOpsConfig(file: string, env: Readonly<Record<string, string | undefined>>, deploymentFile?: string): Promise<KeeperConfig> {
  return loadConfig(file, { env, ...(deploymentFile !== undefined ? { deploymentFile } : {}) });
}
