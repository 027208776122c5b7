/**
 * A Uniswap V3 entry end to end on the devnet. weETH trades 0.5 % under its rate on its pools
 * (the market's depeg event moves the V2 pair and the V3 pool there and holds them), the
 * observer reads the V3 pool's WETH → weETH quote ladder in its one multicall, the planner
 * (buildPlan on the keeper's own tick, and its entry, src/plan/entry.ts) buys on the V3 pool
 * because it pays more weETH than a mint and than the V2 pair, the executor sends approve(WETH → V3 router) + exactInputSingle with the plan's
 * min-out, and the holder receives at least the weETH the plan expected (the ladder's chord
 * never over-promises). After the plan the keeper's book, a fresh observation, equals the chain:
 * its weETH is the holder's balanceOf, its idle WETH fell by exactly the amount bought with.
 * Three backends: the keeper's account, the RestakingVault and the treasury Safe's module, whose
 * allowlists must let the V3 router pull WETH.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { parseEther } from 'ethers';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { DepositLrtAction } from '../../../src/domain/plan.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { weiToNumber } from '../../../src/domain/units.ts';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import type { Executor } from '../../../src/execution/executor.ts';
import { safeModuleBackend } from '../../../src/execution/safe-module-backend.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { positionSpecs } from '../../../src/keeper/universe.ts';
import { dexEntryGain, entryActions } from '../../../src/plan/entry.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import { createWithdrawalStore } from '../../../src/state/withdrawals.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { setUpModule } from '../safe/module-fixture.ts';
import { planOf, startExecHarness, type ExecHarness } from './harness.ts';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import { DEFAULT_BOOTSTRAP } from '../../../src/keeper/rates.ts';
import { plannerOptions, riskLimits } from '../../../src/keeper/settings.ts';
import { planVault, type KeeperDeps } from '../../../src/keeper/tick.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { buildPlan } from '../../../src/plan/planner.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { observeHolder, positionOf } from './observe-holder.ts';

const DISCOUNT_BPS = 50;
const BUY = parseEther('20');
const GWEI = 1_000_000_000n;

let h: ExecHarness;
let config: KeeperConfig;
let deps: KeeperDeps;
const rows: string[] = [];

beforeAll(async () => {
  h = await startExecHarness();
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: h.world.deployment, strategies, prefix: `${h.prefix}cfg` });
  deps = {
    config, rpc: new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 }), redis: h.redis, logger: createLogger({ level: 'silent' }),
    rewards: devnetRewardsSource(h.world.deployment), strategies, lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
    bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: h.world.deployment.startBlock },
  };
  await h.keeperSends(encodeWrapEth(h.world.deployment.weth, parseEther('100')));
  h.world.market.inject({ kind: 'depeg', lrt: 'weETH', bps: DISCOUNT_BPS });
  await h.world.mine(2);
}, 300_000);

afterAll(async () => {
  for (const row of rows) console.info(row);
  await h?.stop();
});

/** The planner's entry for BUY of WETH into weETH, from what the keeper observed. */
function entryOf(snapshot: Snapshot): DepositLrtAction[] {
  const spec = positionSpecs(config).find((s) => s.id === 'weETH')!;
  return entryActions(spec, positionOf(snapshot, 'weETH'), BUY, 50, snapshot.baseFeeWei + 2n * GWEI);
}

/** Plans the entry, executes it, and holds the keeper's next observation to the chain. */
async function buyAndReconcile(label: string, executor: Executor, observe: () => Promise<Snapshot>): Promise<void> {
  const d = h.world.deployment;
  const before = await observe();
  const actions = entryOf(before);
  expect(actions.map((a) => [a.route, a.venue])).toEqual([['dex', 'uniswap-v3']]);
  const buy = actions[0]!;
  // The weETH a mint of BUY would make, for less WETH: the discount stays as cash.
  expect(buy.amountWei).toBeLessThan(BUY);
  expect(buy.expectedLrt).toBeGreaterThanOrEqual((BUY * 10n ** 18n) / positionOf(before, 'weETH').rateWad);
  const wethBefore = await h.balance(d.weth, before.holder);
  const plan = planOf(actions, await h.provider.getBlockNumber());
  const result = await h.mining(executor.execute({ ...plan, totals: { ...plan.totals, movedWei: buy.amountWei } }));
  expect(result.status, result.reason).toBe('included');
  expect(result.postChecks?.filter((c) => !c.ok)).toEqual([]);

  const after = await observe();
  const weEth = await h.balance(d.lrts.weETH.token, before.holder);
  const weth = await h.balance(d.weth, before.holder);
  // The book equals the chain after the plan.
  expect(positionOf(after, 'weETH').liquidBalance).toBe(weEth);
  expect(wethBefore - weth).toBe(buy.amountWei);
  expect(before.idleWei - after.idleWei).toBe(buy.amountWei);
  const bought = weEth - positionOf(before, 'weETH').liquidBalance;
  expect(bought).toBeGreaterThanOrEqual(buy.minLrt);
  expect(bought).toBeGreaterThanOrEqual(buy.expectedLrt);
  const minted = (buy.amountWei * 10n ** 18n) / positionOf(before, 'weETH').rateWad;
  rows.push(
    `V3 BUY ${label}: ${weiToNumber(buy.amountWei).toFixed(4)} WETH → expected ${weiToNumber(buy.expectedLrt).toFixed(6)} weETH, min ${weiToNumber(buy.minLrt).toFixed(6)}, ` +
      `got ${weiToNumber(bought).toFixed(6)} (a mint: ${weiToNumber(minted).toFixed(6)}, +${((weiToNumber(bought - minted) / weiToNumber(minted)) * 100).toFixed(3)} %); ` +
      `gas used ${result.gasUsed ?? '?'} (simulated per tx: ${(result.simulatedGas ?? []).join(', ')}; ${result.calls.length} calls: ${result.calls.join(' | ')})`,
  );
}

describe('Uniswap V3 entry on the devnet', () => {
  it('the observer reads a V3 buy ladder, and the entry buys there: more weETH than a mint and than the V2 pair', async () => {
    const obs = positionOf(await observeHolder(h, config, 'devnet-eoa'), 'weETH');
    const v3 = obs.venues?.find((v) => v.kind === 'uniswap-v3');
    expect(v3?.buyLadder.map((p) => p.amountIn).slice(0, 5)).toEqual([1n, 3n, 10n, 30n, 100n].map((n) => n * 10n ** 18n));
    const spec = positionSpecs(config).find((s) => s.id === 'weETH')!;
    const onV2Only = { ...obs, venues: [] };
    // The V3 pool (1 bp fee, deep) beats the V2 pair (30 bps fee) at this size, and both beat a mint.
    expect(dexEntryGain(spec, obs, BUY)).toBeGreaterThan(dexEntryGain(spec, onV2Only, BUY));
    expect(dexEntryGain(spec, obs, BUY)).toBeGreaterThan(0.004);
    rows.push(`V3 BUY gain over a mint for ${weiToNumber(BUY)} WETH: V3 ${(dexEntryGain(spec, obs, BUY) * 100).toFixed(3)} %, V2 pair ${(dexEntryGain(spec, onV2Only, BUY) * 100).toFixed(3)} %`);
  });

  it('the keeper\'s planner, asked to put 20 % of the account into weETH, buys it on the V3 pool', async () => {
    const vault = config.vaults.find((v) => v.name === 'devnet-eoa')!;
    const p = await planVault(deps, vault);
    if (!p.ok) throw new Error(`observation rejected: ${p.reasons.join('; ')}`);
    const { snapshot } = p.observation;
    const current = allocationFromSnapshot(snapshot);
    const approved = { ...current.weights, weETH: (current.weights.weETH ?? 0) + 2_000 };
    const plan = buildPlan({
      current, approved, snapshot, specs: p.specs, estimates: p.estimates, limits: riskLimits(p.settings.risk),
      options: { ...plannerOptions(config, vault), compounding: { enabled: false, minValueToCostMultiple: 3 } },
      explain: { targetWeights: approved, findings: [], rationale: ['V3 entry test'] },
    });
    expect(plan.kind, plan.reason).toBe('rebalance');
    expect(plan.actions.map((a) => (a.kind === 'deposit-lrt' ? [a.kind, a.route, a.venue] : [a.kind]))).toEqual([['deposit-lrt', 'dex', 'uniswap-v3']]);
    // The plan review counts the discount bought as a gain (weETH's queue realises it at par).
    expect(plan.totals.entryGainWei).toBeGreaterThan(0n);
    rows.push(`V3 BUY planner: ${plan.actions.map((a) => a.why).join('; ')}; entry gain ${weiToNumber(plan.totals.entryGainWei ?? 0n).toFixed(6)} ETH`);
  });

  it('lands on the keeper account, and the book equals the chain', async () => {
    const executor = await h.executor({ backend: eoaBackend(h.keeper.address), specs: positionSpecs(config) });
    await buyAndReconcile('eoa', executor, () => observeHolder(h, config, 'devnet-eoa'));
  });

  it('lands through the RestakingVault allowlist, and the book equals the chain', async () => {
    const name = 'devnet-main';
    const executor = await h.executor({
      backend: vaultBackend(h.world.deployment.vaults.main.address), specs: positionSpecs(config),
      intents: createIntentStore(h.redis, `${h.prefix}${name}-${randomUUID()}:`), withdrawals: createWithdrawalStore(h.redis, `${h.prefix}${name}:`), settings: { vault: name },
    });
    await buyAndReconcile('vault', executor, () => observeHolder(h, config, name));
  });

  it('lands through the treasury Safe\'s module, and the book equals the chain', async () => {
    const safe = h.world.deployment.safe.treasury.address;
    const module = await setUpModule(h);
    const executor = await h.executor({
      backend: safeModuleBackend(safe, module.address), specs: positionSpecs(config),
      intents: createIntentStore(h.redis, `${h.prefix}dao-${randomUUID()}:`), settings: { vault: 'dao-auto' },
    });
    // The Safe read as the keeper's own account is read: its WETH idle, its weETH held liquid.
    await buyAndReconcile('safe-module', executor, () => observeHolder(h, config, 'devnet-eoa', safe));
  });
});
