/**
 * `keeper vault deploy` and `keeper vault diff` on a blank Anvil: the test deploys only the
 * protocol stand-ins a small config names (WETH, Uniswap V2 with WETH pairs, ether.fi and Renzo,
 * EigenLayer with one strategy), never the devnet world or its vault. Then, through the CLI:
 * the vault is deployed for that config with a second owner and fees, its allowlist is in step
 * (diff says so), the keeper's own calldata for a rebalance (mint ezETH, restake, delegate)
 * passes execute, and after the config drops weETH and asks a higher loss limit, diff's owner
 * calls (sent as printed: removals now, queue now, apply after the timelock) bring the vault
 * back in step. The diff's event scan in 5-block chunks finds the same surplus as one request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, MaxUint256, Wallet, parseEther, type InterfaceAbi } from 'ethers';
import { startAnvil, rawRpc, type AnvilInstance } from '../../../src/devnet/anvil.ts';
import { compileContracts } from '../../../src/solidity/compile.ts';
import { Deployer } from '../../../src/devnet/deployer.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { deployUniswap, deployWeth } from '../../../src/devnet/dex/uniswap.ts';
import { deployLrts, type LrtDeployments, type LrtSymbol } from '../../../src/devnet/deploy-lrts.ts';
import { createLrtControls } from '../../../src/devnet/lrt-controls.ts';
import { deployEigenLayer, devAccountKey, type EigenLayerDeployment } from '../../../src/devnet/deploy-eigenlayer.ts';
import { seedLrtPools } from '../../../src/devnet/seed.ts';
import { runCli } from '../../../src/cli/main.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { loadConfigWithStrategies } from '../../../src/config/load-with-strategies.ts';
import { buildCalls } from '../../../src/execution/build-calls.ts';
import { targetsFromConfig } from '../../../src/execution/targets-config.ts';
import { positionSpecs } from '../../../src/keeper/universe.ts';
import { RESTAKING_VAULT_ABI } from '../../../src/protocols/vault/abi.ts';
import type { Action } from '../../../src/domain/plan.ts';
import type { Address } from '../../../src/domain/types.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const TIMELOCK = 3_600;
let anvil: AnvilInstance;
let provider: JsonRpcProvider;
let dir: string;
let env: Record<string, string>;
let world: { weth: string; multicall3: string; uniswap: { factory: string; router: string; pairs: Record<string, string> }; lrts: LrtDeployments; eigen: EigenLayerDeployment };
const owner = (): Wallet => new Wallet(DEV_KEYS.market, provider);
const keeper = (): Wallet => new Wallet(DEV_KEYS.keeper, provider);
const user = (): Wallet => new Wallet(DEV_KEYS.user, provider);

function configYaml(symbols: readonly ('weETH' | 'ezETH')[], deployedAtBlock?: number): string {
  const { lrts, eigen, uniswap } = world;
  const lrt = {
    weETH: `  - symbol: weETH
    protocol: etherfi
    token: "${lrts.weETH.token}"
    contracts: { liquidityPool: "${lrts.weETH.contracts.liquidityPool}", redemptionManager: "${lrts.weETH.contracts.redemptionManager}", depositAdapter: "${lrts.weETH.contracts.depositAdapter}" }
    exits: { dex: { pair: "${uniswap.pairs.weETH}", feeBps: 30 }, instant: { feeBps: 30 } }
    riskTier: 1`,
    ezETH: `  - symbol: ezETH
    protocol: renzo
    token: "${lrts.ezETH.token}"
    contracts: { restakeManager: "${lrts.ezETH.contracts.restakeManager}", rateProvider: "${lrts.ezETH.contracts.rateProvider}", withdrawQueue: "${lrts.ezETH.contracts.withdrawQueue}", instantWithdrawer: "${lrts.ezETH.contracts.instantWithdrawer}" }
    exits: { dex: { pair: "${uniswap.pairs.ezETH}", feeBps: 30 }, instant: { feeBps: 50 } }
    riskTier: 2`,
  };
  return `chain: { chainId: 31337, rpcUrls: ["${anvil.rpcUrl}"] }
universe:
  weth: "${world.weth}"
  multicall3: "${world.multicall3}"
  uniswap: { factory: "${uniswap.factory}", router: "${uniswap.router}" }
lrts:
${symbols.map((s) => lrt[s]).join('\n')}
eigenlayer:
  strategyManager: "${eigen.strategyManager}"
  delegationManager: "${eigen.delegationManager}"
  allocationManager: "${eigen.allocationManager}"
  rewardsCoordinator: "${eigen.rewardsCoordinator}"
  strategies: { ezETH: "${eigen.strategies.ezETH}" }
  operators: [{ name: op-alpha, address: "${eigen.operators[0]?.address}", operatorSets: [] }]
  rewardTokens: []
strategy: { name: risk-adjusted-yield, params: { tierPenalty: [0, 0.001, 0.0025, 0.005, 0.01], idleApy: 0 } }
vaults: [{ name: main, address: "\${TEST_VAULT}", backend: vault${deployedAtBlock !== undefined ? `, deployedAtBlock: ${deployedAtBlock}` : ''} }]
execution: { relays: [{ name: local, url: "http://127.0.0.1:9" }] }
secrets: { signerKey: { env: TEST_KEEPER_KEY }, relayAuthKey: { env: TEST_RELAY_KEY } }
`;
}

async function cli(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), version: 'test', env };
  const before = process.exitCode;
  process.exitCode = 0;
  await runCli(['node', 'keeper', ...args], io);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { out, err, code };
}

async function sendAll(from: Wallet, calls: readonly { to: string; data: string }[]): Promise<void> {
  for (const c of calls) {
    const receipt = await (await from.sendTransaction({ to: c.to, data: c.data, gasLimit: 3_000_000n })).wait();
    expect(receipt?.status).toBe(1);
  }
}

beforeAll(async () => {
  const { artifacts } = compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts'] });
  anvil = await startAnvil({ noMining: false });
  provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
  const deployer = new Deployer(provider, new Wallet(DEV_KEYS.deployer, provider), artifacts);
  const weth = await (await deployWeth(deployer)).getAddress();
  const multicall3 = await (await deployer.deploy('Multicall3')).getAddress();
  const uniswap = await deployUniswap(deployer, weth);
  const lrts = await deployLrts(deployer, { weth });
  const eigen = await deployEigenLayer(deployer, {
    rpcUrl: anvil.rpcUrl, provider, lrtTokens: Object.fromEntries(Object.values(lrts).map((l) => [l.symbol, l.token])), rewardsUpdater: deployer.signer.address, minWithdrawalDelayBlocks: 5, activationDelaySeconds: 10,
  });
  const controls = createLrtControls({ get: (name) => artifacts.get(name) });
  const pairs = await seedLrtPools(deployer, uniswap, [lrts.weETH, lrts.ezETH], (s) => controls.readRate(provider, lrts, s as LrtSymbol), { lrtStockEth: parseEther('2000'), poolDepthEth: parseEther('500') });
  world = { weth, multicall3, uniswap: { factory: uniswap.factory, router: uniswap.router, pairs }, lrts, eigen };
  dir = mkdtempSync(join(tmpdir(), 'vault-deploy-'));
  writeFileSync(join(dir, 'keeper.yaml'), configYaml(['weETH', 'ezETH']));
  writeFileSync(join(dir, 'narrow.yaml'), configYaml(['ezETH']));
  env = { TEST_KEEPER_KEY: DEV_KEYS.keeper, TEST_RELAY_KEY: devAccountKey(7), TEST_DEPLOYER_KEY: devAccountKey(8) };
}, 240_000);

afterAll(async () => {
  provider?.destroy();
  await anvil?.stop();
});

describe('keeper vault deploy and diff on a blank chain', () => {
  let vaultAddress: string;
  let deployBlock: number;
  let narrowVault: string;

  it('refuses bad input naming the field', async () => {
    const r = await cli(['vault', 'deploy', '-c', join(dir, 'keeper.yaml'), '--owner', 'nope', '--guardian', owner().address, '--deployer-key-env', 'TEST_DEPLOYER_KEY']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--owner must be an address');
    const fee = await cli(['vault', 'deploy', '-c', join(dir, 'keeper.yaml'), '--owner', owner().address, '--guardian', owner().address, '--deployer-key-env', 'TEST_DEPLOYER_KEY', '--management-fee-bps', '900']);
    expect(fee.err).toContain('--management-fee-bps must be a whole number of bps from 0 to 500');
  });

  it('deploys, configures, seals and proposes the owner; writes the record and the standard-JSON input', async () => {
    const r = await cli([
      'vault', 'deploy', '-c', join(dir, 'keeper.yaml'), '--owner', owner().address, '--guardian', owner().address, '--deployer-key-env', 'TEST_DEPLOYER_KEY',
      '--timelock', '1h', '--fee-recipient', owner().address, '--management-fee-bps', '100', '--performance-fee-bps', '1000', '--performance-fee-cap-bps', '2000', '--out', join(dir, 'out'), '--json',
    ]);
    expect(r.err).not.toContain('error');
    const record = JSON.parse(r.out) as { address: string; deployBlock: number; recordFile: string; standardInputFile: string; runtimeBytes: number; ownershipPending: boolean; spec: { callRules: { label: string }[] } };
    vaultAddress = record.address;
    deployBlock = record.deployBlock;
    expect(record.runtimeBytes).toBeLessThanOrEqual(24_576);
    expect(record.ownershipPending).toBe(true);
    expect(existsSync(record.recordFile)).toBe(true);
    const input = JSON.parse(readFileSync(record.standardInputFile, 'utf8')) as { sources: Record<string, unknown>; settings: { optimizer: { runs: number } } };
    expect(Object.keys(input.sources)).toEqual(expect.arrayContaining(['contracts/vault/RestakingVault.sol', 'contracts/vault/VaultFees.sol', '@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol']));
    // The keeper's own calls, nothing for LRT queues (a vault plans without them).
    const labels = record.spec.callRules.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['mint ezETH', 'mint weETH', 'restake ezETH', 'delegate to ' + world.eigen.operators[0]?.address, 'unwrap WETH for deposit', 'wrap ETH proceeds']));
    expect(labels.join(' ')).not.toMatch(/queue Renzo|request ether\.fi/);

    const vault = new Contract(vaultAddress, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, owner());
    expect(await vault.getFunction('setupOpen')()).toBe(false);
    expect(await vault.getFunction('keeper')()).toBe(keeper().address);
    expect(await vault.getFunction('pendingOwner')()).toBe(owner().address);
    await (await vault.getFunction('acceptOwnership')()).wait();
    expect(await vault.getFunction('owner')()).toBe(owner().address);
  });

  it('prints a deploy in plain units; an owner who is the deployer needs no acceptance', async () => {
    const r = await cli(['vault', 'deploy', '-c', join(dir, 'narrow.yaml'), '--owner', new Wallet(env.TEST_DEPLOYER_KEY as string).address, '--guardian', owner().address, '--deployer-key-env', 'TEST_DEPLOYER_KEY', '--timelock', '7200', '--out', join(dir, 'out2')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/vault main deployed at 0x[0-9a-fA-F]{40} on chain 31337 \(block \d+\), \d+ bytes of runtime code \(limit 24576\)/);
    narrowVault = /deployed at (0x[0-9a-fA-F]{40})/.exec(r.out)?.[1] ?? '';
    expect(r.out).toMatch(/next: set the vault in the config \(vaults\[\]\.address: 0x[0-9a-fA-F]{40}, vaults\[\]\.deployedAtBlock: \d+, where fees taken start counting\)/);
    expect(r.out).toContain('timelock 2.0 h');
    expect(r.out).toContain('loss limits: 0.50 % per execute, 2.00 % per 24 h');
    expect(r.out).toContain('fees: none (caps 0.00 % / 0.00 %)');
    expect(r.out).not.toContain('must accept');
  });

  it('diff finds the vault in step with the config, in plain units', async () => {
    env.TEST_VAULT = vaultAddress;
    const r = await cli(['vault', 'diff', '-c', join(dir, 'keeper.yaml')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('in step with the config: nothing to sign');
    expect(r.out).toContain('loss limits: 0.50 % per execute, 2.00 % per 24 h');
    expect(r.out).toContain('fees: 1.00 % a year + 10.00 % of gains above 1.0000 WETH/share');
    expect(r.out).toContain("allowlist events read from block 0 (set vaults[].deployedAtBlock to start at the vault's deployment)\n");
  });

  it("diff reads the allowlist events from the vault's deployedAtBlock, or from --from-block", async () => {
    expect(deployBlock).toBeGreaterThan(0);
    writeFileSync(join(dir, 'deployed-at.yaml'), configYaml(['weETH', 'ezETH'], deployBlock));
    const r = await cli(['vault', 'diff', '-c', join(dir, 'deployed-at.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`allowlist events read from block ${deployBlock} (vaults[].deployedAtBlock)\n`);
    expect(r.out).toContain('in step with the config: nothing to sign');
    const json = await cli(['vault', 'diff', '-c', join(dir, 'deployed-at.yaml'), '--from-block', '1', '--json']);
    expect((JSON.parse(json.out) as { eventsFrom: unknown }).eventsFrom).toEqual({ block: 1, source: 'option', note: '--from-block' });
    // Another vault's events may predate the config vault's deployment: back to block 0 for it.
    const other = await cli(['vault', 'diff', '-c', join(dir, 'deployed-at.yaml'), '--address', narrowVault, '--json']);
    expect((JSON.parse(other.out) as { eventsFrom: { block: number; source: string } }).eventsFrom).toMatchObject({ block: 0, source: 'genesis' });
    const bad = await cli(['vault', 'diff', '-c', join(dir, 'deployed-at.yaml'), '--from-block', 'latest']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--from-block must be a block number');
  });

  it("the keeper's own calldata for a rebalance passes execute", async () => {
    const wethAsUser = new Contract(world.weth, ['function deposit() payable', 'function approve(address, uint256) returns (bool)'], user());
    await (await wethAsUser.getFunction('deposit')({ value: parseEther('10') })).wait();
    await (await wethAsUser.getFunction('approve')(vaultAddress, MaxUint256)).wait();
    await (await new Contract(vaultAddress, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, user()).getFunction('deposit')(parseEther('10'), user().address)).wait();
    const { config } = await loadConfigWithStrategies(join(dir, 'keeper.yaml'), env);
    const specs = positionSpecs(config);
    const base = { gas: 0, why: 'test' };
    const actions: Action[] = [
      { ...base, kind: 'deposit-lrt', positionId: 'ezETH', amountWei: parseEther('4'), expectedLrt: parseEther('3.5'), minLrt: parseEther('3') },
      { ...base, kind: 'eigen-deposit', positionId: 'ezETH-restaked', strategy: world.eigen.strategies.ezETH as Address, amountLrt: parseEther('3'), fromPositionId: 'ezETH' },
      { ...base, kind: 'delegate', operator: world.eigen.operators[0]?.address as Address },
    ];
    const calls = buildCalls(actions, { holder: vaultAddress, targets: await targetsFromConfig(config, provider), specs, withdrawals: new Map(), deadline: 2n ** 40n });
    const vault = new Contract(vaultAddress, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, keeper());
    const receipt = await (await vault.getFunction('execute')(calls.map((c) => ({ target: c.to, value: c.value, data: c.data })), { gasLimit: 5_000_000n })).wait();
    expect(receipt?.status).toBe(1);
  });

  it('diff reads the allowlist events in 5-block eth_getLogs chunks from block 0 and still finds every one', async () => {
    // The vault's allowlist events are spread over many blocks (one set-up transaction each), so 5-block chunks split them.
    const logs = await provider.getLogs({ address: vaultAddress, fromBlock: 0, toBlock: 'latest' });
    const eventBlocks = [...new Set(logs.map((l) => l.blockNumber))];
    expect(eventBlocks.length).toBeGreaterThan(5);
    expect(Math.max(...eventBlocks) - Math.min(...eventBlocks)).toBeGreaterThan(5 * 4);
    const head = await provider.getBlockNumber();
    const whole = await cli(['vault', 'diff', '-c', join(dir, 'narrow.yaml'), '--from-block', '0', '--json']);
    const chunked = await cli(['vault', 'diff', '-c', join(dir, 'narrow.yaml'), '--from-block', '0', '--log-range', '5', '--json']);
    expect(whole.err).toBe(''); // one request: no progress lines
    const differences = (out: string): unknown => (JSON.parse(out) as { differences: unknown }).differences;
    expect(differences(chunked.out)).toEqual(differences(whole.out));
    // The surplus weETH rules and spenders are only known from the events.
    const surplus = (differences(chunked.out) as { kind: string; what: string }[]).filter((d) => d.kind === 'surplus' && d.what.includes(world.lrts.weETH.token));
    expect(surplus.length).toBeGreaterThanOrEqual(2);
    expect(chunked.err).toContain(`allowlist events: read to block ${head} of 0-${head} (100 %), 5 blocks per request\n`);
    expect(chunked.err.split('\n').filter((l) => l.startsWith('allowlist events: read to block'))).toHaveLength(10);
    const bad = await cli(['vault', 'diff', '-c', join(dir, 'narrow.yaml'), '--log-range', '0']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--log-range must be a whole number of blocks from 1 to 1000000');
  });

  it('after the config drops weETH and asks a higher loss limit, the printed owner calls bring the vault back in step', async () => {
    const r = await cli(['vault', 'diff', '-c', join(dir, 'narrow.yaml'), '--max-loss-bps', '100', '--max-window-loss-bps', '300', '--out', join(dir, 'safe'), '--json']);
    expect(r.code).toBe(2); // owner transactions needed
    const diff = JSON.parse(r.out) as { differences: { kind: string; what: string }[]; now: { to: string; data: string; label: string }[]; afterTimelock: { to: string; data: string }[]; safeTransactionBuilder: { now: { transactions: unknown[] } } };
    expect(diff.differences.some((d) => d.kind === 'surplus' && d.what.includes(world.lrts.weETH.token))).toBe(true);
    expect(diff.now.map((c) => c.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^vault\.removeCallRule/), expect.stringMatching(/^vault\.queueRemovePosition/), expect.stringMatching(/^vault\.queueLossLimits\(100, 300\)/)]));
    expect(diff.safeTransactionBuilder.now.transactions).toHaveLength(diff.now.length);
    expect(existsSync(join(dir, 'safe', 'after-timelock.safe.json'))).toBe(true);
    await sendAll(owner(), diff.now);
    await rawRpc(anvil.rpcUrl, 'evm_increaseTime', [TIMELOCK + 1]);
    await rawRpc(anvil.rpcUrl, 'evm_mine', []);
    await sendAll(owner(), diff.afterTimelock);
    const again = await cli(['vault', 'diff', '-c', join(dir, 'narrow.yaml'), '--max-loss-bps', '100', '--max-window-loss-bps', '300']);
    expect(again.out).toContain('in step with the config');
    expect(again.out).toContain('loss limits: 1.00 % per execute, 3.00 % per 24 h');
    expect(again.code).toBe(0);
  });
});
