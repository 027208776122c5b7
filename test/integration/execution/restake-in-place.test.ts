/**
 * Restaking in place on the devnet, through the real executor, for both backends: the
 * planner turns "less weETH liquid, more weETH restaked" into a delegation and one
 * eigen-deposit of the weETH the holder already has. On chain the holder's liquid weETH falls
 * by exactly the planned amount, its EigenLayer shares rise by the same underlying, and
 * nothing is sold on the DEX nor minted (WETH untouched, no Swap event in the bundle).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, id, parseEther, type TransactionReceipt } from 'ethers';
import type { KeeperConfig, VaultConfig } from '../../../src/config/schema.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { EigenDepositAction, Plan } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { eoaBackend, vaultBackend, type Backend } from '../../../src/execution/backend.ts';
import type { ExecutionResult } from '../../../src/execution/executor.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { plannerOptions, riskLimits } from '../../../src/keeper/settings.ts';
import { planVault, type KeeperDeps, type VaultPlan } from '../../../src/keeper/tick.ts';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { buildPlan } from '../../../src/plan/planner.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { depositWeEth } from './actions.ts';
import { DEFAULT_BOOTSTRAP } from '../../../src/keeper/rates.ts';

const DELEGATION = [
  'function delegatedTo(address staker) view returns (address)',
  'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
];
const STRATEGY = ['function sharesToUnderlyingView(uint256 shares) view returns (uint256)'];
const SWAP_TOPIC = id('Swap(address,uint256,uint256,uint256,uint256,address)');

let h: ExecHarness;
let config: KeeperConfig;
let deps: KeeperDeps;

beforeAll(async () => {
  h = await startExecHarness();
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: h.world.deployment, strategies, prefix: h.prefix.slice(0, -1) });
  deps = {
    config, rpc: new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 }), redis: h.redis, logger: createLogger({ level: 'silent' }),
    rewards: devnetRewardsSource(h.world.deployment), strategies, lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
    // As the daemon composes it (src/queue/compose.ts): rate history starts at the world's start block.
    bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: h.world.deployment.startBlock },
  };
  const d = h.world.deployment;
  // The keeper's own book: 100 ETH of weETH held liquid and 100 WETH idle.
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'etherfi', token: d.lrts.weETH.token, contracts: { depositAdapter: d.lrts.weETH.contracts.depositAdapter } }, parseEther('100'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('100')) });
  await h.world.mine(3);
});

afterAll(async () => {
  await h?.stop();
});

function vaultNamed(name: string): VaultConfig {
  const v = config.vaults.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no vault ${name}`);
  return v;
}

async function planned(vault: VaultConfig): Promise<VaultPlan> {
  const out = await planVault(deps, vault);
  if (!out.ok) throw new Error(`observation rejected: ${out.reasons.join('; ')}`);
  return out;
}

/** The planner (compounding off) asked to move `bps` of the holder from weETH liquid to weETH restaked. */
function shiftPlan(p: VaultPlan, vault: VaultConfig, bps: number): Plan {
  const { snapshot } = p.observation;
  const current = allocationFromSnapshot(snapshot);
  const approved = { ...current.weights, weETH: (current.weights.weETH ?? 0) - bps, 'weETH-restaked': (current.weights['weETH-restaked'] ?? 0) + bps };
  return buildPlan({
    current, approved, snapshot, specs: p.specs, estimates: p.estimates, limits: riskLimits(p.settings.risk),
    options: { ...plannerOptions(config, vault), compounding: { enabled: false, minValueToCostMultiple: 3 } },
    explain: { targetWeights: approved, findings: [], rationale: ['restake in place test'] },
  });
}

async function receipts(result: ExecutionResult, store: string): Promise<TransactionReceipt[]> {
  const intent = await createIntentStore(h.redis, `${h.prefix}${store}:`).get(result.planId);
  const all = await Promise.all((intent?.inclusion?.txHashes ?? []).map((x) => h.provider.getTransactionReceipt(x)));
  return all.filter((r): r is TransactionReceipt => r !== null);
}

async function restakeInPlaceOnChain(holder: string, vault: VaultConfig, backend: Backend, store: string): Promise<void> {
  const d = h.world.deployment;
  const strategyAddress = d.eigenlayer.strategies.weETH as string;
  const delegation = new Contract(d.eigenlayer.delegationManager, DELEGATION, h.provider);
  const strategy = new Contract(strategyAddress, STRATEGY, h.provider);
  const p = await planned(vault);
  expect(p.observation.snapshot.delegatedTo).toBeUndefined();
  const plan = shiftPlan(p, vault, 300);
  expect(plan.kind, plan.reason).toBe('rebalance');
  expect(plan.actions.map((a) => a.kind)).toEqual(['delegate', 'eigen-deposit']);
  const restake = plan.actions[1] as EigenDepositAction;
  expect(restake.fromPositionId).toBe('weETH');
  expect(restake.amountLrt).toBeGreaterThan(parseEther('1'));
  expect(plan.totals.slippageWei + plan.totals.feesWei).toBe(0n);

  const weBefore = await h.balance(d.lrts.weETH.token, holder);
  const wethBefore = await h.balance(d.weth, holder);
  const [, depositBefore] = (await delegation.getFunction('getWithdrawableShares')(holder, [strategyAddress])) as [bigint[], bigint[]];
  const specs: readonly PositionSpec[] = p.specs;
  const executor = await h.executor({ backend, specs, intents: createIntentStore(h.redis, `${h.prefix}${store}:`), settings: { vault: vault.name } });
  const result = await h.mining(executor.execute(plan));
  expect(result.status, result.reason).toBe('included');
  expect(result.calls).toEqual([`delegate to ${p.specs.find((s) => s.id === 'weETH-restaked')?.eigen?.operator}`, 'approve weETH → StrategyManager', 'restake weETH']);
  // The post-state check held the weETH balance to −amountLrt.
  expect(result.postChecks?.some((c) => c.label === 'weETH' && c.expected === -restake.amountLrt && c.ok)).toBe(true);
  expect(result.postChecks?.every((c) => c.ok)).toBe(true);

  expect(await h.balance(d.lrts.weETH.token, holder)).toBe(weBefore - restake.amountLrt);
  expect(await h.balance(d.weth, holder)).toBe(wethBefore);
  const [, depositAfter] = (await delegation.getFunction('getWithdrawableShares')(holder, [strategyAddress])) as [bigint[], bigint[]];
  const added = (depositAfter[0] ?? 0n) - (depositBefore[0] ?? 0n);
  expect(added).toBeGreaterThan(0n);
  const underlying = (await strategy.getFunction('sharesToUnderlyingView')(added)) as bigint;
  // Strategy share math rounds down by at most a wei or two.
  expect(restake.amountLrt - underlying).toBeGreaterThanOrEqual(0n);
  expect(restake.amountLrt - underlying).toBeLessThanOrEqual(2n);
  expect(((await delegation.getFunction('delegatedTo')(holder)) as string).toLowerCase()).toBe(p.specs.find((s) => s.id === 'weETH-restaked')?.eigen?.operator.toLowerCase());
  const logs = (await receipts(result, store)).flatMap((r) => r.logs);
  expect(logs.length).toBeGreaterThan(0);
  expect(logs.some((l) => l.topics[0] === SWAP_TOPIC)).toBe(false);

  // Read back: the observer now sees the moved value restaked.
  const again = await planned(vault);
  const restakedObs = again.observation.snapshot.positions.find((o) => o.positionId === 'weETH-restaked');
  expect(restakedObs?.eigen?.withdrawableUnderlying).toBe(underlying);
}

describe('restake in place on the devnet', () => {
  it('eoa backend: the keeper restakes its own liquid weETH, one eigen-deposit, nothing sold or minted', async () => {
    await restakeInPlaceOnChain(h.keeper.address, vaultNamed('devnet-eoa'), eoaBackend(h.keeper.address), 'eoa');
  });

  it('vault backend: vault.execute accepts the same approve + depositIntoStrategy for weETH the vault already holds', async () => {
    const vault = vaultNamed('devnet-main');
    const address = vault.address;
    // Give the vault liquid weETH first (a plain mint through its execute).
    const mint = await depositWeEth(h, parseEther('100'));
    const minted = await h.mining((await h.executor({ backend: vaultBackend(address), specs: (await planned(vault)).specs, intents: createIntentStore(h.redis, `${h.prefix}vault-mint:`), settings: { vault: vault.name } })).execute(planOf([mint], await h.provider.getBlockNumber())));
    expect(minted.status, minted.reason).toBe('included');
    expect(await h.balance(h.world.deployment.lrts.weETH.token, address)).toBeGreaterThanOrEqual(mint.minLrt);
    await h.world.mine(2);
    await restakeInPlaceOnChain(address, vault, vaultBackend(address), 'vault');
  });
});
