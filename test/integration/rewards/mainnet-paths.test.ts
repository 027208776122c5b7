/**
 * Rewards through the mainnet paths on a real devnet world: AVSs pay through the
 * RewardsCoordinator's submission functions, the devnet Sidecar posts cumulative roots and
 * serves the API, and the keeper (1) claims with a Sidecar proof that it checked against the
 * chain, (2) refuses tampered proofs and unknown roots before sending anything, (3) rebuilds
 * each operator set's APR from the coordinator's events net of the protocol fee and the
 * operator splits, also for a tick that asks about an older block after a newer one, (4) sees
 * a reward stop within one block and (5) resumes its log cursor
 * from Redis after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Contract, Interface, JsonRpcProvider, MaxUint256, Wallet, ZeroHash, parseEther, type TransactionRequest } from 'ethers';
import type { Redis } from 'ioredis';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { seedKeeperPosition } from '../../../src/devnet/seed-keeper.ts';
import { DEVNET_REWARD_TERMS } from '../../../src/devnet/market/rewards-market.ts';
import { claimFor } from '../../../src/execution/claims.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { connectRedis } from '../../../src/keeper/redis.ts';
import type { RpcTransport } from '../../../src/observe/transport.ts';
import { chainRewardRatesSource } from '../../../src/rewards/chain-rates-source.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import type { PublishedRewardRates } from '../../../src/yield/published-rates.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';

const GROSS = { 'avs-a:0': 0.05, 'avs-a:1': 0.03, 'avs-b:0': 0.04 } as const;
const logger = createLogger({ level: 'silent' });
const prefix = `test-rewards-paths-${randomUUID()}`;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-rewards-paths-'));
let world: DevnetWorld;
let redis: Redis;
let config: KeeperConfig;
let publicRpc: JsonRpcProvider;

const COORDINATOR = new Interface([
  'function processClaim((uint32 rootIndex, uint32 earnerIndex, bytes earnerTreeProof, (address earner, bytes32 earnerTokenRoot) earnerLeaf, uint32[] tokenIndices, bytes[] tokenTreeProofs, (address token, uint256 cumulativeEarnings)[] tokenLeaves) claim, address recipient)',
  'function cumulativeClaimed(address earner, address token) view returns (uint256)',
  'function getCurrentClaimableDistributionRoot() view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
]);
const ERC20 = new Interface(['function approve(address,uint256)', 'function balanceOf(address) view returns (uint256)']);

async function send(wallet: Wallet, request: TransactionRequest): Promise<void> {
  const nonce = await world.anvilProvider.getTransactionCount(wallet.address, 'latest');
  const tx = await wallet.connect(publicRpc).sendTransaction({ ...request, nonce, gasLimit: 1_500_000n, maxFeePerGas: parseEther('0.000001'), maxPriorityFeePerGas: 1n });
  await world.mine(1);
  const receipt = await world.anvilProvider.getTransactionReceipt(tx.hash);
  expect(receipt?.status, `tx to ${String(request.to)} landed`).toBe(1);
}

/** A second staker: ezETH restaked with op-beta, so every operator set has stake. */
async function restakeWithBeta(): Promise<void> {
  const d = world.deployment;
  const user = new Wallet(DEV_KEYS.user);
  await send(user, { to: d.lrts.ezETH.contracts.restakeManager, data: new Interface(['function depositETH(uint256)']).encodeFunctionData('depositETH', [0n]), value: parseEther('50') });
  const balance = (await new Contract(d.lrts.ezETH.token, ERC20, world.anvilProvider).getFunction('balanceOf')(user.address)) as bigint;
  await send(user, { to: d.lrts.ezETH.token, data: ERC20.encodeFunctionData('approve', [d.eigenlayer.strategyManager, MaxUint256]) });
  await send(user, { to: d.eigenlayer.strategyManager, data: new Interface(['function depositIntoStrategy(address,address,uint256) returns (uint256)']).encodeFunctionData('depositIntoStrategy', [d.eigenlayer.strategies.ezETH, d.lrts.ezETH.token, balance]) });
  const beta = d.eigenlayer.operators.find((o) => o.name === 'op-beta')?.address ?? '';
  const dm = new Interface(['function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)']);
  await send(user, { to: d.eigenlayer.delegationManager, data: dm.encodeFunctionData('delegateTo', [beta, { signature: '0x', expiry: 0n }, ZeroHash]) });
}

function rpcFor(urls: string[]): RpcClient {
  return new RpcClient({ urls, chainId: world.deployment.chainId, timeoutMs: 10_000 });
}

async function headAt(): Promise<{ block: number; timestamp: number }> {
  const head = await world.anvilProvider.getBlock('latest');
  return { block: head?.number ?? 0, timestamp: head?.timestamp ?? 0 };
}

function aprOf(rates: PublishedRewardRates | undefined, set: string, operator: string, strategy: string): number | undefined {
  const [avsName, id] = set.split(':');
  const avs = world.deployment.eigenlayer.avs.find((a) => a.name === avsName)?.address.toLowerCase();
  const op = world.deployment.eigenlayer.operators.find((o) => o.name === operator)?.address.toLowerCase();
  return rates?.rates.find((r) => r.avs.toLowerCase() === avs && r.operatorSetId === Number(id) && r.operator?.toLowerCase() === op && r.strategies?.[0]?.toLowerCase() === strategy.toLowerCase())?.apr;
}

/** The configured gross rate net of the protocol fee and the operator's split, as DEVNET_REWARD_TERMS sets them. */
function expectedNet(set: keyof typeof GROSS, operator: string): number {
  const avsName = set.split(':')[0] ?? '';
  const fee = DEVNET_REWARD_TERMS.protocolFeeAvs.includes(avsName) ? 0.2 : 0;
  const kind = DEVNET_REWARD_TERMS.kinds[set];
  const split = (kind === 'avs' ? DEVNET_REWARD_TERMS.avsSplits[operator]?.[avsName] : DEVNET_REWARD_TERMS.operatorSetSplits[operator]?.[set]) ?? 1000;
  return GROSS[set] * (1 - fee) * (1 - split / 10_000);
}

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger, stateDir, market: { rewardApr: { ...GROSS }, rootIntervalBlocks: 5 } });
  publicRpc = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true, cacheTimeout: -1 });
  await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
  await restakeWithBeta();
  await world.mine(6); // the operator splits set at the first block activate 60 s later
  redis = await connectRedis('redis://127.0.0.1:6379');
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies: await loadStrategyRegistry(), prefix });
}, 240_000);

afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  publicRpc?.destroy();
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('rewards through the mainnet paths on the devnet', () => {
  it('rebuilds each operator set\'s APR from RewardsCoordinator events within 1% of the configured rate after fee and splits', async () => {
    const source = chainRewardRatesSource({ config, rpc: rpcFor([world.deployment.rpcUrl]), redis, logger });
    const rates = await source.rates(await headAt());
    const ezETH = world.deployment.eigenlayer.strategies.ezETH ?? '';
    const weETH = world.deployment.eigenlayer.strategies.weETH ?? '';
    const cases: [keyof typeof GROSS, string][] = [['avs-a:0', 'op-alpha'], ['avs-a:0', 'op-beta'], ['avs-a:1', 'op-alpha'], ['avs-b:0', 'op-beta']];
    const errors: string[] = [];
    for (const [set, operator] of cases) {
      const expected = expectedNet(set, operator);
      for (const strategy of [ezETH, weETH]) {
        const apr = aprOf(rates, set, operator, strategy);
        expect(apr, `${set} ${operator}`).toBeDefined();
        const error = Math.abs((apr ?? 0) / expected - 1);
        errors.push(`${set} ${operator} ${strategy === ezETH ? 'ezETH' : 'weETH'}: apr ${((apr ?? 0) * 100).toFixed(4)}% expected ${(expected * 100).toFixed(4)}% error ${(error * 100).toFixed(3)}%`);
        expect(error, `${set} via ${operator}`).toBeLessThan(0.01);
      }
    }
    process.stdout.write(`AVS APR error per operator set:\n  ${errors.join('\n  ')}\n`);
    // One aggregate3 per block in the steady state, and at most one log query per block.
    const next = await world.mine(1);
    const before = { ...source.counters };
    const at = await headAt();
    expect(at.block).toBe(next);
    await source.rates(at);
    await source.rates(at); // a second vault of the same block pays nothing
    expect(source.counters.multicalls - before.multicalls).toBe(1);
    expect(source.counters.logQueries - before.logQueries).toBe(1);
  }, 60_000);

  it('claims with a Sidecar proof checked against the chain, and the claim pays on chain', async () => {
    const d = world.deployment;
    const keeper = new Wallet(DEV_KEYS.keeper);
    const eigen = d.eigenlayer.rewardTokens.find((t) => t.symbol === 'EIGEN')?.address ?? '';
    const coordinator = new Contract(d.eigenlayer.rewardsCoordinator, COORDINATOR, world.anvilProvider);
    await world.mine(12); // two more roots, the first of them activated
    const root = (await coordinator.getFunction('getCurrentClaimableDistributionRoot')()) as { root: string };
    expect(root.root).not.toBe(ZeroHash);
    const claim = await claimFor(world.anvilProvider, d.eigenlayer.rewardsCoordinator, devnetRewardsSource(d), keeper.address, [eigen]);
    const leaf = claim.tokenLeaves.find((l) => l.token.toLowerCase() === eigen.toLowerCase());
    const claimed = (await coordinator.getFunction('cumulativeClaimed')(keeper.address, eigen)) as bigint;
    expect(leaf?.cumulativeEarnings).toBeGreaterThan(claimed);
    const token = new Contract(eigen, ERC20, world.anvilProvider);
    const balance = (await token.getFunction('balanceOf')(keeper.address)) as bigint;
    await send(new Wallet(DEV_KEYS.keeper), { to: d.eigenlayer.rewardsCoordinator, data: COORDINATOR.encodeFunctionData('processClaim', [claim, keeper.address]) });
    expect((await token.getFunction('balanceOf')(keeper.address)) as bigint).toBe(balance + (leaf?.cumulativeEarnings ?? 0n) - claimed);
  }, 120_000);

  it('refuses a tampered proof, an unknown root and a broken Sidecar before anything is signed', async () => {
    const d = world.deployment;
    const keeper = new Wallet(DEV_KEYS.keeper).address;
    const eigen = d.eigenlayer.rewardTokens.find((t) => t.symbol === 'EIGEN')?.address ?? '';
    const nonce = await world.anvilProvider.getTransactionCount(keeper, 'latest');
    const attempt = () => claimFor(world.anvilProvider, d.eigenlayer.rewardsCoordinator, devnetRewardsSource(d), keeper, [eigen]);
    try {
      world.sidecar.faults = {
        // The wire form: amounts are decimal strings.
        tamperProof: (p) => ({ ...p, tokenLeaves: (p.tokenLeaves as { token: string; cumulativeEarnings: string }[]).map((l) => ({ token: l.token, cumulativeEarnings: (BigInt(l.cumulativeEarnings) * 10n).toString() })) }),
      };
      await expect(attempt()).rejects.toMatchObject({ code: 'REWARDS_PROOF_INVALID' });
      world.sidecar.faults = { tamperProof: (p) => ({ ...p, root: `0x${'ab'.repeat(32)}` }) };
      await expect(attempt()).rejects.toMatchObject({ code: 'REWARDS_ROOT_UNKNOWN' });
      world.sidecar.faults = { tamperProof: (p) => ({ ...p, rootIndex: 9_999 }) };
      await expect(attempt()).rejects.toMatchObject({ code: 'REWARDS_ROOT_UNKNOWN' });
      world.sidecar.faults = { status: 503 };
      await expect(attempt()).rejects.toMatchObject({ code: 'SIDECAR_UNAVAILABLE', retryable: true });
      world.sidecar.faults = { rawBody: '{"proof": {"root": "nope"}}' };
      await expect(attempt()).rejects.toMatchObject({ code: 'SIDECAR_MALFORMED' });
      // A tick never fails on it: the tree is just unavailable.
      world.sidecar.faults = { rawBody: 'not json' };
      await expect(devnetRewardsSource(d).tree(0)).resolves.toBeUndefined();
    } finally {
      world.sidecar.faults = {};
    }
    expect(await world.anvilProvider.getTransactionCount(keeper, 'latest')).toBe(nonce);
  }, 60_000);

  it('answers a tick that observed an older block after one that observed a newer block: no stop read into the older one', async () => {
    // Ticks of one process run concurrently (two vaults, or two jobs of one vault), so the one
    // that observed block N may ask after the one at N+1. The market pays each block's own
    // 12-second window, so N's answer needs the submission that N+1's scan would drop.
    const source = chainRewardRatesSource({ config, rpc: rpcFor([world.deployment.rpcUrl]), redis, logger });
    const ezETH = world.deployment.eigenlayer.strategies.ezETH ?? '';
    const older = await headAt();
    await world.mine(1);
    const newer = await headAt();
    expect(newer.block).toBe(older.block + 1);
    const atNewer = await source.rates(newer);
    const atOlder = await source.rates(older);
    for (const rates of [atNewer, atOlder]) {
      expect(Math.abs((aprOf(rates, 'avs-a:0', 'op-alpha', ezETH) ?? 0) / expectedNet('avs-a:0', 'op-alpha') - 1)).toBeLessThan(0.01);
      expect(Math.abs((aprOf(rates, 'avs-b:0', 'op-beta', ezETH) ?? 0) / expectedNet('avs-b:0', 'op-beta') - 1)).toBeLessThan(0.01);
    }
  }, 60_000);

  it('sees a reward stop within one block of the stop', async () => {
    const source = chainRewardRatesSource({ config, rpc: rpcFor([world.deployment.rpcUrl]), redis, logger });
    const ezETH = world.deployment.eigenlayer.strategies.ezETH ?? '';
    expect(aprOf(await source.rates(await headAt()), 'avs-a:0', 'op-alpha', ezETH)).toBeGreaterThan(0.04);
    world.market.inject({ kind: 'rewardRate', avs: 'avs-a', operatorSetId: 0, apr: 0 });
    await world.mine(1);
    const after = await source.rates(await headAt());
    expect(aprOf(after, 'avs-a:0', 'op-alpha', ezETH)).toBe(0);
    expect(aprOf(after, 'avs-a:0', 'op-beta', ezETH)).toBe(0);
    expect(Math.abs((aprOf(after, 'avs-a:1', 'op-alpha', ezETH) ?? 0) / expectedNet('avs-a:1', 'op-alpha') - 1)).toBeLessThan(0.01);
  }, 60_000);

  it('resumes the log cursor from Redis after a restart instead of re-scanning', async () => {
    const urls = [world.deployment.rpcUrl];
    const first = chainRewardRatesSource({ config, rpc: rpcFor(urls), redis, logger });
    await first.rates(await headAt());
    const scannedTo = (await headAt()).block;
    await world.mine(2);
    const queries: { fromBlock: number; toBlock: number }[] = [];
    const inner = rpcFor(urls);
    const counting: RpcTransport = {
      call: (method, params) => {
        if (method === 'eth_getLogs') {
          const f = params[0] as { fromBlock: string; toBlock: string };
          queries.push({ fromBlock: Number(f.fromBlock), toBlock: Number(f.toBlock) });
        }
        return inner.call(method, params);
      },
      batch: (requests) => inner.batch(requests),
    };
    const restarted = chainRewardRatesSource({ config, rpc: counting, redis, logger });
    const at = await headAt();
    const rates = await restarted.rates(at);
    expect(queries).toEqual([{ fromBlock: scannedTo + 1, toBlock: at.block }]);
    const ezETH = world.deployment.eigenlayer.strategies.ezETH ?? '';
    expect(aprOf(rates, 'avs-b:0', 'op-beta', ezETH)).toBeGreaterThan(0);
  }, 60_000);
});
