/**
 * The whole local world, started the way `keeper devnet up` starts it (manual mining here),
 * checked from chain state: deployment record, config, market moves, events, and the
 * rewards pipeline end to end (restake -> root posted -> claim paid).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Interface, JsonRpcProvider, Wallet, ZeroAddress, parseEther, ZeroHash, MaxUint256, type TransactionRequest } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { readPoolPrice } from '../../../src/devnet/market/dex-arb.ts';
import { buildClaim } from '../../../src/protocols/eigenlayer/rewards-merkle.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const WAD = 10n ** 18n;
let world: DevnetWorld;
let stateDir: string;
let publicRpc: JsonRpcProvider;
let keeper: Wallet;
let keeperNonce = 0;

const RATE_ABI = ['function getRate() view returns (uint256)'];
const KELP_ORACLE_ABI = ['function rsETHPrice() view returns (uint256)'];

/** Sends a keeper transaction through the public RPC and mines the block it lands in. */
async function keeperSends(request: TransactionRequest): Promise<void> {
  const tx = await keeper.sendTransaction({ ...request, nonce: keeperNonce++, gasLimit: 1_500_000n, maxFeePerGas: parseEther('0.000001'), maxPriorityFeePerGas: 1n });
  await world.mine(1);
  const receipt = await world.anvilProvider.getTransactionReceipt(tx.hash);
  expect(receipt?.status, `tx to ${String(request.to)} landed`).toBe(1);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'rk-world-'));
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  publicRpc = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  keeper = new Wallet(DEV_KEYS.keeper, publicRpc);
  keeperNonce = await world.anvilProvider.getTransactionCount(keeper.address, 'latest');
});

afterAll(async () => {
  publicRpc?.destroy();
  await world?.stop();
});

describe('the devnet world', () => {
  it('starts with chain time not behind the wall clock, however old the cached world is', async () => {
    // A cache dumped an hour ago used to start an hour behind, and every snapshot read as stale.
    // (Deploying mines blocks 12 s apart in a few seconds, so a fresh world is ahead of it.)
    const head = await world.anvilProvider.getBlock('latest');
    expect(Number(head?.timestamp)).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("starts on a block at the market's base fee, not the automined deployment's few wei", async () => {
    // A bundle priced from a head at 8 wei (at most 9/8 of it) failed simulation against the
    // market's next block at 8 gwei: EIP-1559 never jumps so, the devnet must not either.
    const head = await publicRpc.getBlock('latest');
    expect(head?.baseFeePerGas).toBe(8_000_000_000n);
  });

  it('records every address, with code behind each contract, Multicall3 at its canonical address', async () => {
    const d = world.deployment;
    expect(d.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rpc$/);
    expect(d.relayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/relay$/);
    expect(d.multicall3).toBe('0xcA11bde05977b3631167028862bE2a173976CA11');
    const contracts = [d.weth, d.multicall3, d.uniswap.factory, d.uniswap.router, ...Object.values(d.uniswap.pairs),
      ...Object.values(d.lrts).flatMap((l) => [l.token, ...Object.values(l.contracts)]),
      d.eigenlayer.strategyManager, d.eigenlayer.delegationManager, d.eigenlayer.allocationManager, d.eigenlayer.rewardsCoordinator,
      ...Object.values(d.eigenlayer.strategies)];
    for (const address of contracts) expect((await world.anvilProvider.getCode(address)).length, address).toBeGreaterThan(2);
    expect(d.eigenlayer.operators.length).toBeGreaterThanOrEqual(2);
    expect(d.eigenlayer.avs.flatMap((a) => a.operatorSets).length).toBeGreaterThanOrEqual(3);
    expect(new Set(d.eigenlayer.rewardTokens.map((t) => t.address)).size).toBe(3);
    // The managed vault holds the first depositor's 1000 WETH.
    const vault = new Contract(d.vaults.main.address, ['function totalAssets() view returns (uint256)'], world.anvilProvider);
    expect((await vault.getFunction('totalAssets')()) as bigint).toBe(parseEther('1000'));
  });

  it('config/devnet.yaml validates against the written deployment', async () => {
    const file = join(stateDir, 'deployment.json');
    writeDeployment(file, world.deployment);
    const registry = await loadStrategyRegistry();
    const config = await loadConfig(join(PROJECT_ROOT, 'config/devnet.yaml'), {
      env: {},
      strategyParamsSchema: (name) => registry.paramsSchema(name),
      strategyNames: registry.names(),
      deploymentFile: file,
    });
    expect(config.chain.rpcUrls).toEqual([world.deployment.rpcUrl]);
    expect(config.lrts.find((l) => l.symbol === 'ezETH')?.token).toBe(world.deployment.lrts.ezETH.token);
    expect(config.vaults.map((v) => v.address)).toEqual([world.deployment.vaults.main.address, world.deployment.accounts.keeper]);
  });

  it('seeds every LRT pool at its protocol rate and accrues rates block by block', async () => {
    const d = world.deployment;
    const weeth = new Contract(d.lrts.weETH.token, RATE_ABI, world.anvilProvider);
    const before = (await weeth.getFunction('getRate')()) as bigint;
    const pool = await readPoolPrice(world.anvilProvider, d.uniswap.pairs.weETH ?? '', d.weth);
    expect(Number(((pool.priceWad - before) * 10_000n) / before)).toBe(0);
    await world.mine(10);
    const after = (await weeth.getFunction('getRate')()) as bigint;
    // 3.2% a year over 10 blocks of 12 s: growth of about 1.2e-7.
    const growthPpb = Number(((after - before) * 10n ** 9n) / before);
    expect(growthPpb).toBeGreaterThan(100);
    expect(growthPpb).toBeLessThan(140);
  });

  it("keeps Kelp's stored price stale between refreshes", async () => {
    const oracle = new Contract(world.deployment.lrts.rsETH.contracts.oracle, KELP_ORACLE_ABI, world.anvilProvider);
    const prices: bigint[] = [];
    for (let i = 0; i < 12; i++) {
      await world.mine(1);
      prices.push((await oracle.getFunction('rsETHPrice')()) as bigint);
    }
    const changes = prices.slice(1).filter((p, i) => p !== prices[i]).length;
    // Refreshed every 10 blocks: over 12 consecutive blocks the stored price moves once or twice.
    expect(changes).toBeGreaterThanOrEqual(1);
    expect(changes).toBeLessThanOrEqual(2);
  });

  it('a depeg event holds the DEX price the given bps below the protocol rate, and recovery restores it', async () => {
    const d = world.deployment;
    world.market.inject({ kind: 'depeg', lrt: 'ezETH', bps: 800 });
    await world.mine(2);
    const rate = (await new Contract(d.lrts.ezETH.contracts.rateProvider, RATE_ABI, world.anvilProvider).getFunction('getRate')()) as bigint;
    const depegged = await readPoolPrice(world.anvilProvider, d.uniswap.pairs.ezETH ?? '', d.weth);
    const discountBps = Number(((rate - depegged.priceWad) * 10_000n) / rate);
    expect(discountBps).toBeGreaterThanOrEqual(797);
    expect(discountBps).toBeLessThanOrEqual(803);
    world.market.inject({ kind: 'recover', lrt: 'ezETH' });
    await world.mine(2);
    const recovered = await readPoolPrice(world.anvilProvider, d.uniswap.pairs.ezETH ?? '', d.weth);
    expect(Math.abs(Number(((rate - recovered.priceWad) * 10_000n) / rate))).toBeLessThanOrEqual(3);
  });

  it('pays AVS rewards to a restaked, delegated staker through cumulative roots, and slashing cuts withdrawable shares only', async () => {
    const d = world.deployment;
    const el = d.eigenlayer;
    const erc20 = new Interface(['function approve(address,uint256)', 'function balanceOf(address) view returns (uint256)']);
    // Restake 100 ETH of ezETH with op-alpha: Renzo deposit, approve the StrategyManager, deposit, delegate.
    await keeperSends({ to: d.lrts.ezETH.contracts.restakeManager, data: new Interface(['function depositETH(uint256)']).encodeFunctionData('depositETH', [0n]), value: parseEther('100') });
    const ezBalance = (await new Contract(d.lrts.ezETH.token, erc20, world.anvilProvider).getFunction('balanceOf')(keeper.address)) as bigint;
    expect(ezBalance).toBeGreaterThan(parseEther('90'));
    await keeperSends({ to: d.lrts.ezETH.token, data: erc20.encodeFunctionData('approve', [el.strategyManager, MaxUint256]) });
    const sm = new Interface(['function depositIntoStrategy(address,address,uint256) returns (uint256)']);
    await keeperSends({ to: el.strategyManager, data: sm.encodeFunctionData('depositIntoStrategy', [el.strategies.ezETH, d.lrts.ezETH.token, ezBalance]) });
    const dm = new Interface([
      'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
      'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
    ]);
    const alpha = el.operators.find((o) => o.name === 'op-alpha')?.address ?? ZeroAddress;
    await keeperSends({ to: el.delegationManager, data: dm.encodeFunctionData('delegateTo', [alpha, { signature: '0x', expiry: 0n }, ZeroHash]) });

    // Two root intervals: the first root starts the clock, the second carries earnings.
    await world.mine(55);
    const coordinator = new Contract(el.rewardsCoordinator, [
      'function getDistributionRootsLength() view returns (uint256)',
      'function processClaim((uint32 rootIndex, uint32 earnerIndex, bytes earnerTreeProof, (address earner, bytes32 earnerTokenRoot) earnerLeaf, uint32[] tokenIndices, bytes[] tokenTreeProofs, (address token, uint256 cumulativeEarnings)[] tokenLeaves) claim, address recipient)',
    ], world.anvilProvider);
    const roots = Number((await coordinator.getFunction('getDistributionRootsLength')()) as bigint);
    expect(roots).toBeGreaterThanOrEqual(1);
    const rootIndex = roots - 1;
    const published = await devnetRewardsSource(d).tree(rootIndex);
    if (published === undefined) throw new Error(`the Sidecar has no tree for root ${rootIndex}`);
    // Zero rows are kept: every delegated staker and operator has a row, paid or not.
    const claim = buildClaim(published.tree, rootIndex, keeper.address, published.tree.earners.find((e) => e.earner === keeper.address)?.tokens.filter((t) => t.cumulativeEarnings !== '0').map((t) => t.token));
    // op-alpha is in avs-a set 0 (EIGEN) and set 1 (AVSA): both pay this staker.
    const paidTokens = claim.tokenLeaves.map((l) => l.token);
    const eigen = el.rewardTokens.find((t) => t.symbol === 'EIGEN')?.address ?? '';
    const avsa = el.rewardTokens.find((t) => t.symbol === 'AVSA')?.address ?? '';
    expect(paidTokens.sort()).toEqual([eigen, avsa].sort());
    await world.mine(6); // activation delay: 60 s
    await keeperSends({ to: el.rewardsCoordinator, data: coordinator.interface.encodeFunctionData('processClaim', [claim, keeper.address]) });
    const eigenBalance = (await new Contract(eigen, erc20, world.anvilProvider).getFunction('balanceOf')(keeper.address)) as bigint;
    expect(eigenBalance).toBe(claim.tokenLeaves.find((l) => l.token === eigen)?.cumulativeEarnings);

    world.market.inject({ kind: 'slash', avs: 'avs-a', operatorSetId: 1, operator: 'op-alpha', fraction: 0.2 });
    await world.mine(1);
    const delegation = new Contract(el.delegationManager, dm, world.anvilProvider);
    const [withdrawable, deposit] = (await delegation.getFunction('getWithdrawableShares')(keeper.address, [el.strategies.ezETH])) as [bigint[], bigint[]];
    expect(deposit[0]).toBe(ezBalance);
    expect(withdrawable[0]).toBe((ezBalance * 8n * WAD) / 10n / WAD);
  }, 120_000);

  it('a second world loads the same deployment from the state cache', async () => {
    const again = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }) });
    try {
      expect(again.timings.deployCacheHit).toBe(true);
      // Loopback services get a fresh port per world: the reward streams' proof servers too.
      const streams = (d: typeof world.deployment) => Object.fromEntries(Object.entries(d.streams ?? {}).map(([k, v]) => [k, { ...v, proofUrl: '' }]));
      const strip = (d: typeof world.deployment) => ({ ...d, rpcUrl: '', relayUrl: '', controlUrl: '', anvilUrl: '', sidecarUrl: '', instanceId: '', streams: streams(d) });
      expect(strip(again.deployment)).toEqual(strip(world.deployment));
      const rate = (await new Contract(again.deployment.lrts.weETH.token, RATE_ABI, again.anvilProvider).getFunction('getRate')({ blockTag: again.deployment.startBlock })) as bigint;
      const original = (await new Contract(world.deployment.lrts.weETH.token, RATE_ABI, world.anvilProvider).getFunction('getRate')({ blockTag: world.deployment.startBlock })) as bigint;
      expect(rate).toBe(original);
    } finally {
      await again.stop();
    }
  });
});
