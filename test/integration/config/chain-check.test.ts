/**
 * `keeper config validate --rpc` and the daemon's start check against a real devnet world:
 * the devnet config passes every probe; each kind of wrong address (no code, a token whose
 * symbol is another LRT's, a strategy over another LRT, a pair of other tokens, an
 * unregistered operator, the wrong chain) is reported at its config path; `keeper run`
 * refuses to start on such a config before touching Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Wallet } from 'ethers';
import { checkConfigOnChain } from '../../../src/config/chain-check.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import { ConfigInvalidError } from '../../../src/config/issues.ts';
import { registerConfigCommands } from '../../../src/cli/commands/config.ts';
import { runDaemon } from '../../../src/cli/commands/run.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry, type StrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let world: DevnetWorld;
let strategies: StrategyRegistry;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-chaincheck-'));
const deploymentFile = join(stateDir, 'deployment.json');

async function freshConfig(): Promise<KeeperConfig> {
  return devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies });
}

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  strategies = await loadStrategyRegistry();
  writeFileSync(deploymentFile, JSON.stringify(world.deployment));
}, 240_000);

afterAll(async () => {
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('config checked on the chain', () => {
  it('the devnet config passes every probe', async () => {
    expect(await checkConfigOnChain(await freshConfig(), world.anvilProvider)).toEqual([]);
  });

  it('names each wrong address at its config path', async () => {
    const config = await freshConfig();
    const emptyAddress = Wallet.createRandom().address;
    const weeth = config.lrts.findIndex((l) => l.symbol === 'weETH');
    const ezeth = config.lrts.findIndex((l) => l.symbol === 'ezETH');
    const rseth = config.lrts.findIndex((l) => l.symbol === 'rsETH');
    const lrts = config.lrts as { token: string; exits: { dex?: { pair: string } }; contracts: Record<string, string> }[];
    lrts[weeth]!.contracts.redemptionManager = emptyAddress;            // no code
    lrts[rseth]!.token = lrts[ezeth]!.token;                            // another LRT's token
    lrts[ezeth]!.exits.dex!.pair = world.deployment.uniswap.pairs.EIGEN!; // a pair of other tokens
    const strategiesBySymbol = config.eigenlayer.strategies as Record<string, string>;
    strategiesBySymbol.weETH = world.deployment.eigenlayer.strategies.ezETH!; // a strategy over ezETH
    (config.eigenlayer.operators[0] as { address: string }).address = Wallet.createRandom().address;
    const rsethExits = config.lrts[rseth]!.exits as { dexV3?: { pool: string; fee: number } };
    rsethExits.dexV3 = { pool: world.deployment.uniswapV3.pools.pufETH!, fee: 500 };   // another LRT's V3 pool, wrong fee

    const problems = await checkConfigOnChain(config, world.anvilProvider);
    const at = (path: string): string => problems.filter((p) => p.path === path).map((p) => p.message).join(' | ');
    expect(at(`lrts.${weeth}.contracts.redemptionManager`)).toBe(`no contract at ${emptyAddress} on chain 31337 (expected the ether.fi EtherFiRedemptionManager)`);
    expect(at(`lrts.${rseth}.token`)).toContain('symbol() is "ezETH", expected "rsETH"');
    expect(at(`lrts.${ezeth}.exits.dex.pair`)).toMatch(/is neither ezETH nor WETH/);
    expect(at('eigenlayer.strategies.weETH')).toMatch(/underlyingToken\(\) is 0x[0-9a-fA-F]{40}, expected the weETH token/);
    expect(at('eigenlayer.operators.0.address')).toMatch(/op-alpha \(0x[0-9a-fA-F]{40}\) is not a registered EigenLayer operator/);
    expect(at(`lrts.${rseth}.exits.dexV3.pool`)).toMatch(/is neither rsETH nor WETH/);
    expect(at(`lrts.${rseth}.exits.dexV3.pool`)).toContain("fee() is 100, the config says 500");
    // The rsETH strategy now names a token that is not rsETH's: reported too.
    expect(at('eigenlayer.strategies.rsETH')).toContain('expected the rsETH token');
  });

  it('a configured queue delay shorter than the protocol\'s, or an instant fee below it, is a problem', async () => {
    const config = await freshConfig();
    const rseth = config.lrts.findIndex((l) => l.symbol === 'rsETH');
    const pufeth = config.lrts.findIndex((l) => l.symbol === 'pufETH');
    (config.lrts[rseth]!.exits.queued as { delaySeconds: number }).delaySeconds = 3_600;
    (config.lrts[pufeth]!.exits.instant as { feeBps: number }).feeBps = 10;
    const problems = await checkConfigOnChain(config, world.anvilProvider);
    expect(problems.map((p) => `${p.path}: ${p.message.replace(/0x[0-9a-fA-F]{40}/, 'ADDR')}`)).toEqual([
      `lrts.${rseth}.contracts.withdrawalManager: Kelp LRTWithdrawalManager at ADDR: withdrawalDelayBlocks() × 12 s is 691200 s, longer than exits.queued.delaySeconds 3600: raise the configured delay`,
      `lrts.${pufeth}.contracts.vault: PufferVault at ADDR: getTotalExitFeeBasisPoints() is 100 bps, above exits.instant.feeBps 10: raise the configured fee`,
    ]);
  });

  it('a reward stream whose token, distributor or sale pair do not fit together is named at its path', async () => {
    const config = await freshConfig();
    const weeth = config.lrts.findIndex((l) => l.symbol === 'weETH');
    const stream = config.lrts[weeth]!.rewardStreams[0] as { token: string; price: { uniswapV2Pair: string } };
    stream.price = { uniswapV2Pair: world.deployment.uniswap.pairs.EIGEN! }; // another token's pair
    const problems = await checkConfigOnChain(config, world.anvilProvider);
    const at = (path: string): string => problems.filter((p) => p.path === path).map((p) => p.message).join(' | ');
    expect(at(`lrts.${weeth}.rewardStreams.0.price.uniswapV2Pair`)).toMatch(/is neither KING nor WETH/);
    expect(problems.map((p) => p.path)).toEqual([`lrts.${weeth}.rewardStreams.0.price.uniswapV2Pair`]);

    stream.price = { uniswapV2Pair: world.deployment.streams!.weETH!.pair };
    stream.token = world.deployment.eigenlayer.rewardTokens.find((t) => t.symbol === 'EIGEN')!.address; // the distributor pays KING, not EIGEN
    const wrongToken = await checkConfigOnChain(config, world.anvilProvider);
    const atToken = (path: string): string => wrongToken.filter((p) => p.path === path).map((p) => p.message).join(' | ');
    expect(atToken(`lrts.${weeth}.rewardStreams.0.token`)).toContain('symbol() is "EIGEN", expected "KING"');
    expect(atToken(`lrts.${weeth}.rewardStreams.0.claim.cumulativeMerkle.distributor`)).toMatch(/token\(\) is 0x[0-9a-fA-F]{40}, expected lrts\.0\.rewardStreams\.0\.token/);
  });

  it('refuses an RPC of another chain', async () => {
    const config = await freshConfig();
    (config.chain as { chainId: number }).chainId = 1;
    expect(await checkConfigOnChain(config, world.anvilProvider)).toEqual([{ path: 'chain.chainId', message: 'the RPC serves chain 31337, the config names 1' }]);
  });

  it('keeper config validate --rpc prints every failure with its path; exit code 1', async () => {
    const good = await validate(join(PROJECT_ROOT, 'config', 'devnet.yaml'));
    expect(good.exitCode).toBeUndefined();
    expect(good.stdout).toMatch(/^ok: /);

    const bad = join(stateDir, 'bad.yaml');
    const text = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
      .replace('withdrawalNft: deployment:lrts.rswETH.contracts.withdrawalNft', `withdrawalNft: "${Wallet.createRandom().address}"`);
    writeFileSync(bad, text);
    const result = await validate(bad);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/checked on chain\): 1 problem/);
    expect(result.stderr).toMatch(/lrts\.4\.contracts\.withdrawalNft: no contract at 0x[0-9a-fA-F]{40} on chain 31337/);
  });

  it('keeper run refuses to start on a config that fails the chain check', async () => {
    const bad = join(stateDir, 'bad-run.yaml');
    const text = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8').replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
      .replace('oracle: deployment:lrts.rsETH.contracts.oracle', `oracle: "${Wallet.createRandom().address}"`);
    writeFileSync(bad, text);
    const io = { stdout: () => undefined, stderr: () => undefined, version: 'test', env: {} };
    const error = await runDaemon({ config: bad, deployment: deploymentFile }, io).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).details.join('\n')).toMatch(/lrts\.2\.contracts\.oracle: no contract at/);
  });
});

async function validate(file: string): Promise<{ stdout: string; stderr: string; exitCode: number | string | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('keeper').exitOverride();
  registerConfigCommands(program, {
    loadStrategies: async () => ({ names: strategies.names(), paramsSchema: (name: string) => strategies.paramsSchema(name) }),
    env: {},
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  process.exitCode = undefined;
  await program.parseAsync(['config', 'validate', file, '--deployment', deploymentFile, '--rpc'], { from: 'user' });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}
