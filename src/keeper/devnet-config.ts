/**
 * config/devnet.yaml resolved against an in-memory deployment (no JSON file needed): how
 * tests, benchmarks and the demo get a keeper config for a world they just started.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../config/load.ts';
import type { KeeperConfig } from '../config/schema.ts';
import { parseConfigYaml } from '../config/yaml.ts';
import type { DevnetDeployment } from '../devnet/deployment.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';

export interface DevnetConfigOptions {
  readonly projectRoot: string;
  readonly deployment: DevnetDeployment;
  readonly strategies: StrategyRegistry;
  /** Redis key prefix (queue.prefix); tests pass a unique one. */
  readonly prefix?: string;
}

/**
 * @example const config = await devnetConfig({ projectRoot, deployment: world.deployment, strategies, prefix: `test-${randomUUID()}` });
 */
export async function devnetConfig(options: DevnetConfigOptions): Promise<KeeperConfig> {
  const file = join(options.projectRoot, 'config', 'devnet.yaml');
  const raw = parseConfigYaml(await readFile(file, 'utf8'), file) as Record<string, unknown>;
  if (options.prefix !== undefined) raw.queue = { ...(raw.queue as Record<string, unknown> | undefined), prefix: options.prefix };
  return parseConfig(raw, {
    env: {},
    strategyNames: options.strategies.names(),
    strategyParamsSchema: (name) => options.strategies.paramsSchema(name),
    deployment: { file: '(in memory)', data: options.deployment },
    source: file,
  });
}
