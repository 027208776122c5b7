import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { resolveVaultSettings } from '../../../src/config/vault-settings.ts';
import { EXAMPLE_ENV, STRATEGY_OPTS } from './helpers.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../../..');
const FIXTURE_DEPLOYMENT = resolve(HERE, 'fixtures/deployment.json');
// Anvil's public dev key #0: any 32-byte hex must be refused, and this one is no secret.
const PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

async function loadError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

// The shipped examples are checked against the real strategy registry, so a params block the
// strategies would not accept cannot pass here.
const registry = await loadStrategyRegistry();
const REAL_STRATEGIES = { strategyParamsSchema: (name: string) => registry.paramsSchema(name), strategyNames: registry.names() };

describe('the shipped example configs validate', () => {
  it('config/devnet.yaml against a literal deployment fixture', async () => {
    const config = await loadConfig(join(ROOT, 'config/devnet.yaml'), {
      env: {},
      ...REAL_STRATEGIES,
      deploymentFile: FIXTURE_DEPLOYMENT,
    });
    expect(config.chain.chainId).toBe(31337);
    expect(config.chain.rpcUrls).toEqual(['http://127.0.0.1:8545']);
    expect(config.execution.relays).toEqual([{ name: 'devnet-relay', url: 'http://127.0.0.1:18545' }]);
    expect(config.lrts.map((l) => l.symbol)).toEqual(['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH']);
    expect(config.lrts[1]?.contracts).toEqual({
      restakeManager: '0x2100000000000000000000000000000000000004',
      rateProvider: '0x2100000000000000000000000000000000000005',
      withdrawQueue: '0x2100000000000000000000000000000000000006',
      instantWithdrawer: '0x2100000000000000000000000000000000000007',
    });
    expect(config.universe.multicall3).toBe('0xcA11bde05977b3631167028862bE2a173976CA11');
    expect(config.vaults.map((v) => [v.name, v.address])).toEqual([
      ['devnet-main', '0x7000000000000000000000000000000000000001'],
      ['devnet-eoa', '0x7100000000000000000000000000000000000001'],
    ]);
    expect(config.eigenlayer.operators.map((o) => o.operatorSets.map((s) => s.rewardToken))).toEqual([
      ['EIGEN', 'AVSA'],
      ['EIGEN', 'AVSB'],
    ]);
    const eoa = resolveVaultSettings(config, config.vaults[1]!);
    expect(eoa.strategy).toEqual({ name: 'risk-adjusted-yield', params: { tierPenalty: [0, 0.001, 0.0025, 0.005, 0.01], idleApy: 0, uncertaintyMultiple: 2 } });
    expect(eoa.compounding.minValueToCostMultiple).toBe(2);
  });

  it('config/mainnet.example.yaml with its env placeholders filled', async () => {
    const config = await loadConfig(join(ROOT, 'config/mainnet.example.yaml'), { env: EXAMPLE_ENV, ...REAL_STRATEGIES });
    expect(config.chain.rpcUrls).toEqual(['https://eth-mainnet.g.alchemy.com/v2/rpc-token-123', 'https://fallback.example']);
    expect(config.universe.weth).toBe('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2');
    expect(config.eigenlayer.strategyManager).toBe('0x858646372CC42E1A627fcE94aa7A7033e7CF075A');
    expect(config.execution.allowPublicMempool).toBe(false);
    expect(config.secrets.signerKey).toEqual({ env: 'KEEPER_SIGNER_KEY' });
  });

  it('config/dao-treasury.example.yaml: several vaults, conservative limits', async () => {
    const config = await loadConfig(join(ROOT, 'config/dao-treasury.example.yaml'), { env: EXAMPLE_ENV, ...REAL_STRATEGIES });
    expect(config.vaults.length).toBeGreaterThanOrEqual(3);
    const reserve = resolveVaultSettings(config, config.vaults[0]!);
    expect(reserve.strategy.name).toBe('hold');
    expect(reserve.risk.minIdleBps).toBe(2000);
    expect(reserve.risk.maxSlippageBpsPerSwap).toBe(50);
    expect(config.risk.maxWeightPerPositionBps).toBeLessThanOrEqual(4000);
  });

  it('mainnet.example.yaml without its env vars fails naming each variable and field', async () => {
    const err = await loadError(loadConfig(join(ROOT, 'config/mainnet.example.yaml'), { env: {}, ...STRATEGY_OPTS }));
    expect(err.details).toContain('chain.rpcUrls.0: environment variable KEEPER_RPC_TOKEN not set (or empty), needed by a ${…} placeholder');
    expect(err.details).toContain('queue.redisUrl: environment variable KEEPER_REDIS_URL not set (or empty), needed by a ${…} placeholder');
  });
});

describe('loadConfig: file-level errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keeper-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('a missing config file', async () => {
    const file = join(dir, 'nope.yaml');
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.shortMessage).toBe(`Config file not found: ${file}`);
    expect(err.details).toEqual([`file: ${file}`]);
  });

  it('a YAML syntax error gives file:line:col', async () => {
    const file = write('bad.yaml', 'chain:\n  chainId: 1\n  rpcUrls: [a, b\nvaults: []\n');
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.shortMessage).toBe(`Config file ${file} is not valid YAML`);
    expect(err.details[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });

  it('a duplicate key is a YAML error with its line', async () => {
    const file = write('dup.yaml', 'chain:\n  chainId: 1\n  chainId: 2\n');
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.details).toEqual([`${file}:3:3: Map keys must be unique`]);
  });

  it('a YAML syntax error does not echo a secret from the source', async () => {
    const file = write('leak.yaml', `secrets:\n  signerKey: ${PRIVATE_KEY}\n   bad: [\n`);
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.shortMessage).toBe(`Config file ${file} is not valid YAML`);
    expect(err.message).not.toContain(PRIVATE_KEY.slice(2));
  });

  it('an empty file and a non-mapping document', async () => {
    const empty = write('empty.yaml', '# nothing\n');
    expect((await loadError(loadConfig(empty, { env: {}, ...STRATEGY_OPTS }))).shortMessage).toBe(`Config file ${empty} is empty`);
    const list = write('list.yaml', '- a\n- b\n');
    expect((await loadError(loadConfig(list, { env: {}, ...STRATEGY_OPTS }))).shortMessage).toBe(
      `Config file ${list} must be a mapping of sections`,
    );
  });

  it('unquoted 0x addresses stay strings instead of becoming hex numbers', async () => {
    const file = write('unquoted.yaml', 'chain: { chainId: 0x1 }\n');
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.details).toContain('chain.chainId: Invalid input: expected number, received string');
  });

  it('a missing deployment file, resolved against cwd, with a hint', async () => {
    const file = write('dev.yaml', 'deployment: .devnet/deployment.json\nuniverse: { weth: deployment:weth }\n');
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS, cwd: dir }));
    const expected = join(dir, '.devnet/deployment.json');
    expect(err.shortMessage).toBe(`Deployment file not found: ${expected}`);
    expect(err.details).toContain(`needed by: deployment: references in ${file}`);
  });

  it('the default deployment path is .devnet/deployment.json; no reference, no file needed', async () => {
    const withRef = write('ref.yaml', 'universe: { weth: deployment:weth }\n');
    const err = await loadError(loadConfig(withRef, { env: {}, ...STRATEGY_OPTS, cwd: dir }));
    expect(err.shortMessage).toBe(`Deployment file not found: ${join(dir, '.devnet/deployment.json')}`);
    const noRef = write('noref.yaml', 'deployment: /does/not/exist.json\nchain: { chainId: 1 }\n');
    const err2 = await loadError(loadConfig(noRef, { env: {}, ...STRATEGY_OPTS, cwd: dir }));
    expect(err2.shortMessage).toMatch(/^Invalid config /);
  });

  it('a deployment file that is not JSON', async () => {
    const dep = write('dep.json', '{ nope');
    const file = write('dev.yaml', `deployment: ${dep}\nuniverse: { weth: deployment:weth }\n`);
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.shortMessage).toBe(`Deployment file ${dep} is not valid JSON`);
  });

  it('a secret pasted into the YAML is refused by loadConfig', async () => {
    const file = write('secret.yaml', `secrets:\n  signerKey: { env: KEEPER_SIGNER_KEY }\n  relayAuthKey: ${PRIVATE_KEY}\n`);
    const err = await loadError(loadConfig(file, { env: {}, ...STRATEGY_OPTS }));
    expect(err.details).toEqual([expect.stringMatching(/^secrets\.relayAuthKey: looks like a private key/)]);
    expect(err.message).not.toContain(PRIVATE_KEY.slice(2));
  });
});
