/**
 * The observer and the one-shot pipeline on a real devnet world (manual mining) with the
 * keeper account seeded: the snapshot against direct reads at the same block, withdrawable
 * vs deposit shares after a slash, exactly one HTTP request per observation, and a depeg
 * that stops new ezETH deposits with a DEPEG finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Contract } from 'ethers';
import type { Redis } from 'ioredis';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { seedKeeperPosition, type SeedKeeperResult } from '../../../src/devnet/seed-keeper.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { connectRedis } from '../../../src/keeper/redis.ts';
import { observeTargets } from '../../../src/keeper/targets.ts';
import { planVault, type KeeperDeps } from '../../../src/keeper/tick.ts';
import { positionSpecs } from '../../../src/keeper/universe.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { observeVault, type ObserveOutcome } from '../../../src/observe/observer.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import type { ObserveTargets } from '../../../src/observe/targets.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const ERC20 = ['function balanceOf(address) view returns (uint256)'];
const DELEGATION = [
  'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
  'function delegatedTo(address) view returns (address)',
];
const STRATEGY = ['function sharesToUnderlyingView(uint256) view returns (uint256)'];
const RATE = ['function getRate() view returns (uint256)'];

let world: DevnetWorld;
let seed: SeedKeeperResult;
let redis: Redis;
let config: KeeperConfig;
let targets: ObserveTargets;
let rpc: RpcClient;
let httpRequests = 0;
let deps: KeeperDeps;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-observe-'));
const prefix = `test-observe-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger, stateDir });
  seed = await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
  await world.mine(3);
  redis = await connectRedis('redis://127.0.0.1:6379');
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies, prefix });
  const vault = config.vaults.find((v) => v.name === 'devnet-eoa');
  if (vault === undefined) throw new Error('devnet config has no vault');
  targets = observeTargets(config, vault, positionSpecs(config));
  const counting: typeof fetch = (input, init) => {
    httpRequests += 1;
    return fetch(input, init);
  };
  rpc = new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000, fetchImpl: counting });
  deps = { config, rpc, redis, logger, rewards: devnetRewardsSource(world.deployment), strategies, lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000) };
});

afterAll(async () => {
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function observe(): Promise<ObserveOutcome & { ok: true }> {
  const outcome = await observeVault(deps, targets, { lastRate: async () => undefined, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 });
  if (!outcome.ok) throw new Error(`rejected: ${outcome.reasons.join('; ')}`);
  return outcome;
}

describe('observer on the devnet', () => {
  it('matches direct reads of the seeded keeper account at the same block', async () => {
    const { snapshot, rates } = (await observe()).observation;
    const at = { blockTag: snapshot.block };
    const p = world.anvilProvider;
    const d = world.deployment;
    const keeper = d.accounts.keeper;
    const call = async (address: string, abi: string[], fn: string, args: unknown[]): Promise<bigint> => (await new Contract(address, abi, p).getFunction(fn).staticCall(...args, at)) as bigint;

    expect(snapshot.holder).toBe(keeper);
    expect(snapshot.chainId).toBe(31337);
    expect(snapshot.block).toBe(await p.getBlockNumber());
    expect(snapshot.timestamp).toBe((await p.getBlock(snapshot.block))?.timestamp);
    expect(snapshot.idleWei).toBe(await call(d.weth, ERC20, 'balanceOf', [keeper]));
    expect(snapshot.idleWei).toBe(seed.wethWei);
    expect(snapshot.delegatedTo).toBe(seed.operator);
    expect(rates.weETH).toBe(await call(d.lrts.weETH.token, RATE, 'getRate', []));
    expect(rates.ezETH).toBe(await call(d.lrts.ezETH.contracts.rateProvider, RATE, 'getRate', []));
    const weeth = snapshot.positions.find((x) => x.positionId === 'weETH');
    expect(weeth?.liquidBalance).toBe(await call(d.lrts.weETH.token, ERC20, 'balanceOf', [keeper]));
    expect(weeth?.liquidBalance).toBe(seed.weEth);
    const restaked = snapshot.positions.find((x) => x.positionId === 'ezETH-restaked');
    expect(restaked?.eigen).toEqual({ depositShares: seed.ezEthRestaked, withdrawableShares: seed.ezEthRestaked, withdrawableUnderlying: expect.any(BigInt) });
    const underlying = await call(d.eigenlayer.strategies.ezETH as string, STRATEGY, 'sharesToUnderlyingView', [seed.ezEthRestaked]);
    expect(underlying - (restaked?.eigen?.withdrawableUnderlying ?? 0n)).toBeGreaterThanOrEqual(0n);
    expect(underlying - (restaked?.eigen?.withdrawableUnderlying ?? 0n)).toBeLessThanOrEqual(1n);
    // About 40 % weETH, 30 % restaked ezETH, 30 % idle of a 100 ETH book.
    const total = snapshot.idleWei + snapshot.positions.reduce((s, x) => s + x.valueWei, 0n);
    expect(Number((weeth?.valueWei ?? 0n) * 1000n / total)).toBeGreaterThanOrEqual(399);
    expect(Number((restaked?.valueWei ?? 0n) * 1000n / total)).toBeGreaterThanOrEqual(299);
    // The keeper's account issues no shares: no share price is read for it.
    expect(snapshot.sharePriceWad).toBeUndefined();
  });

  it("reads a vault contract's share price in the same batch, as the vault itself values a share", async () => {
    const main = config.vaults.find((v) => v.name === 'devnet-main');
    if (main === undefined) throw new Error('devnet config has no devnet-main');
    const outcome = await observeVault(deps, observeTargets(config, main, positionSpecs(config)), { lastRate: async () => undefined, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 });
    if (!outcome.ok) throw new Error(`rejected: ${outcome.reasons.join('; ')}`);
    const { snapshot } = outcome.observation;
    const vault = new Contract(main.address, ['function convertToAssets(uint256) view returns (uint256)'], world.anvilProvider);
    const price = (await vault.getFunction('convertToAssets').staticCall(10n ** 18n, { blockTag: snapshot.block })) as bigint;
    expect(price).toBeGreaterThan(0n);
    expect(snapshot.sharePriceWad).toBe(price);
  });

  it('makes exactly one HTTP request per observation', async () => {
    await observe(); // the client's one-time chain-id check happened before this test
    for (let i = 0; i < 3; i++) {
      await world.mine(1);
      const before = httpRequests;
      await observe();
      expect(httpRequests - before).toBe(1);
    }
  });

  it('values restaked ezETH at withdrawable, not deposit, shares after op-alpha is slashed', async () => {
    world.market.inject({ kind: 'slash', avs: 'avs-a', operatorSetId: 0, operator: 'op-alpha', fraction: 0.2 });
    await world.mine(3);
    const { snapshot } = (await observe()).observation;
    const strategy = world.deployment.eigenlayer.strategies.ezETH as string;
    const dm = new Contract(world.deployment.eigenlayer.delegationManager, DELEGATION, world.anvilProvider);
    const [withdrawable, deposit] = (await dm.getFunction('getWithdrawableShares').staticCall(seed.keeper, [strategy], { blockTag: snapshot.block })) as [bigint[], bigint[]];
    const eigen = snapshot.positions.find((x) => x.positionId === 'ezETH-restaked')?.eigen;
    expect(eigen?.depositShares).toBe(deposit[0]);
    expect(eigen?.depositShares).toBe(seed.ezEthRestaked);
    expect(eigen?.withdrawableShares).toBe(withdrawable[0]);
    // 20 % slashed: withdrawable is 80 % of deposit (to the wei, rounded against the staker).
    expect(eigen?.withdrawableShares).toBe((seed.ezEthRestaked * 8n) / 10n);
    const underlying = (await new Contract(strategy, STRATEGY, world.anvilProvider).getFunction('sharesToUnderlyingView').staticCall(withdrawable[0], { blockTag: snapshot.block })) as bigint;
    expect(underlying - (eigen?.withdrawableUnderlying ?? 0n)).toBeLessThanOrEqual(1n);
    expect(snapshot.slashing).toEqual([
      expect.objectContaining({ operator: seed.operator, avs: world.deployment.eigenlayer.avs[0]?.address, operatorSetId: 0, wadSlashed: expect.arrayContaining([200_000_000_000_000_000n]) }),
    ]);
  });

  it('refuses new ezETH deposits with a DEPEG finding once ezETH trades 8 % under its rate', async () => {
    const before = await planVault(deps, config.vaults.find((v) => v.name === 'devnet-eoa') as KeeperConfig['vaults'][number]);
    expect(before.ok).toBe(true);
    if (before.ok) expect(before.decision.verdict.findings.filter((f) => f.code === 'DEPEG')).toEqual([]);

    world.market.inject({ kind: 'depeg', lrt: 'ezETH', bps: 800 });
    await world.mine(3);
    const after = await planVault(deps, config.vaults.find((v) => v.name === 'devnet-eoa') as KeeperConfig['vaults'][number]);
    if (!after.ok) throw new Error(after.reasons.join('; '));
    const { verdict, plan, current } = after.decision;
    const depeg = verdict.findings.filter((f) => f.code === 'DEPEG');
    expect(depeg.map((f) => f.positionId).sort()).toEqual(['ezETH', 'ezETH-restaked']);
    for (const f of depeg) {
      expect(f.observed).toBeLessThan(-790);
      expect(f.limit).toBe(config.risk.depeg.thresholdBps);
    }
    expect(verdict.approved.ezETH ?? 0).toBeLessThanOrEqual(current.weights.ezETH ?? 0);
    const ezethDeposits = plan.actions.filter((a) => (a.kind === 'deposit-lrt' || a.kind === 'eigen-deposit') && a.positionId.startsWith('ezETH'));
    expect(ezethDeposits).toEqual([]);
    // Estimates came from a real history (bootstrapped from past blocks on the first run).
    expect(after.estimates.find((e) => e.positionId === 'weETH')?.stale).toBe(false);
  });
});
