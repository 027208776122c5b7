/**
 * Issue 13 item 4: keeper state in Redis is scoped by the chain. A fresh devnet has the chain
 * id and the block numbers of the last one; with the same prefix its intents (same plan ids)
 * made `keeper execute` answer "duplicate". Each devnet start writes a new instance id into
 * its deployment, and the loaded config's queue.prefix carries it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { chainScopedPrefix, deploymentInstance } from '../../../src/state/chain-scope.ts';
import { EXAMPLE_ENV } from './helpers.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'rk-chain-scope-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = await loadStrategyRegistry();
const STRATEGIES = { strategyParamsSchema: (name: string) => registry.paramsSchema(name), strategyNames: registry.names() };

/** The fixture deployment as a devnet started with `instanceId` wrote it. */
function devnetDeployment(instanceId: string | undefined): string {
  const data = JSON.parse(readFileSync(resolve(HERE, 'fixtures/deployment.json'), 'utf8')) as Record<string, unknown>;
  if (instanceId !== undefined) data.instanceId = instanceId;
  const file = join(dir, `deployment-${instanceId ?? 'none'}.json`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

const devnetPrefix = async (deploymentFile: string): Promise<string> =>
  (await loadConfig(join(ROOT, 'config/devnet.yaml'), { env: {}, ...STRATEGIES, deploymentFile })).queue.prefix;

describe('keeper state scoped by the chain', () => {
  it('two devnets on chain 31337 get two prefixes; the same devnet always the same one', async () => {
    const first = await devnetPrefix(devnetDeployment('a1b2c3d4e5f6'));
    const second = await devnetPrefix(devnetDeployment('0f9e8d7c6b5a'));
    expect(first).toBe('rk-devnet:31337-a1b2c3d4e5f6');
    expect(second).toBe('rk-devnet:31337-0f9e8d7c6b5a');
    expect(await devnetPrefix(devnetDeployment('a1b2c3d4e5f6'))).toBe(first);
  });

  it('a chain without a devnet instance is scoped by its chain id', async () => {
    expect(await devnetPrefix(devnetDeployment(undefined))).toBe('rk-devnet:31337');
    const mainnet = await loadConfig(join(ROOT, 'config/mainnet.example.yaml'), { env: EXAMPLE_ENV, ...STRATEGIES });
    expect(mainnet.queue.prefix).toBe(chainScopedPrefix('rk-mainnet', 1));
  });

  it('ignores an instance id that is not a plain token (it becomes part of Redis keys)', () => {
    expect(deploymentInstance({ instanceId: 'a1b2c3d4' })).toBe('a1b2c3d4');
    expect(deploymentInstance({ instanceId: 'x:*' })).toBeUndefined();
    expect(deploymentInstance({ instanceId: 42 })).toBeUndefined();
    expect(deploymentInstance(null)).toBeUndefined();
  });
});
