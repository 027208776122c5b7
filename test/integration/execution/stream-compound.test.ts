/**
 * The devnet's weETH reward stream claimed by the keeper's own plan, through the vault backend:
 * the vault holds weETH, the stream pays it KING as cumulative roots, the compound job's plan
 * (planVault with stream claims + compoundPlan, as src/queue/housekeeping-jobs.ts builds it)
 * claims the KING to the vault, sells it on the KING/WETH pool with a min-out and reinvests,
 * all in ONE vault.execute; the book equals the chain afterwards. With nothing new on the
 * distributor no claim is planned, and a plan whose root moved before sending is refused.
 * The keeper's own book (eoa backend) claims the same way, one transaction per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import type { KeeperConfig, VaultConfig } from '../../../src/config/schema.ts';
import type { TokenStreamConfig } from '../../../src/config/reward-streams-schema.ts';
import type { ClaimStreamAction, Plan } from '../../../src/domain/plan.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import type { Executor } from '../../../src/execution/executor.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { planVault, type KeeperDeps, type VaultPlan } from '../../../src/keeper/tick.ts';
import { streamProofClient } from '../../../src/rewards/streams/proof-client.ts';
import { cachedStreamProofClients } from '../../../src/rewards/streams/proof-cache.ts';
import { compoundPlan } from '../../../src/queue/housekeeping-jobs.ts';
import { RpcClient } from '../../../src/chain/rpc-client.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { DEFAULT_BOOTSTRAP } from '../../../src/keeper/rates.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { DEVNET_STREAM } from '../../../src/devnet/streams/devnet-stream.ts';
import { DISTRIBUTOR_ABI } from '../../../src/rewards/streams/cumulative-merkle.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { depositWeEth } from './actions.ts';

let h: ExecHarness;
let config: KeeperConfig;
let deps: KeeperDeps;
let main: VaultConfig;
let eoa: VaultConfig;
let king: string;
let distributor: Contract;

beforeAll(async () => {
  h = await startExecHarness();
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: h.world.deployment, strategies, prefix: h.prefix.slice(0, -1) });
  main = config.vaults.find((v) => v.name === 'devnet-main') as VaultConfig;
  eoa = config.vaults.find((v) => v.name === 'devnet-eoa') as VaultConfig;
  const stream = h.world.deployment.streams?.weETH;
  if (stream === undefined) throw new Error('the devnet has no weETH stream');
  king = stream.token;
  distributor = new Contract(stream.distributor, DISTRIBUTOR_ABI, h.provider);
  deps = {
    config, rpc: new RpcClient({ urls: config.chain.rpcUrls, chainId: config.chain.chainId, timeoutMs: 10_000 }), redis: h.redis, logger: createLogger({ level: 'silent' }),
    rewards: devnetRewardsSource(h.world.deployment), strategies, lastSeen: new LastSeenBlocks(), clock: () => Math.floor(Date.now() / 1000),
    bootstrap: { ...DEFAULT_BOOTSTRAP, minBlock: h.world.deployment.startBlock },
    // As the compound job asks: the streams' proof servers, checked against the distributors.
    streamClaims: {},
  };
  await h.world.mine(3);
}, 600_000);

afterAll(async () => {
  await h?.stop();
});

async function planned(vault: VaultConfig = main): Promise<VaultPlan> {
  const out = await planVault(deps, vault);
  if (!out.ok) throw new Error(`observation rejected: ${out.reasons.join('; ')}`);
  return out;
}

async function vaultExecutor(specs: readonly PositionSpec[]): Promise<Executor> {
  return h.executor({ backend: vaultBackend(main.address), specs, intents: createIntentStore(h.redis, `${h.prefix}vault:`), settings: { vault: 'devnet-main' } });
}

const claimOf = (plan: Plan): ClaimStreamAction | undefined => plan.actions.find((a): a is ClaimStreamAction => a.kind === 'claim-stream');

/** Chain time jumps `days` ahead in one block, then the stream's next distribution pays for them and its root is served. */
async function streamPaysFor(days: number): Promise<void> {
  const head = (await h.provider.getBlock('latest'))!;
  await rawRpc(h.world.deployment.anvilUrl, 'evm_mine', [head.timestamp + days * 86_400]);
  await h.world.mine(DEVNET_STREAM.intervalBlocks + 1);
  // The distributor takes a new root every intervalBlocks, and a claim's proof is good for its
  // root only: a plan made a few blocks before the next root would target blocks where its
  // proof is already stale (the keeper then expires it and plans again, but the test would
  // depend on which block the earlier tests happened to end at). Leave room for the plan.
  const at = await h.provider.getBlockNumber();
  const toNextRoot = DEVNET_STREAM.intervalBlocks - (at % DEVNET_STREAM.intervalBlocks);
  if (toNextRoot <= 10) await h.world.mine(toNextRoot + 1);
}

describe('claim-stream on the devnet', () => {
  it('claims the vault\'s KING, sells it and reinvests in one vault.execute; the book equals the chain', async () => {
    const first = await planned();
    // The vault buys 400 ETH of weETH: the stream pays on it.
    const buy = await h.mining((await vaultExecutor(first.specs)).execute(planOf([await depositWeEth(h, parseEther('400'))], await h.provider.getBlockNumber())));
    expect(buy.status, buy.reason).toBe('included');
    // 3 days of 1 % a year on ~400 ETH: ~0.033 ETH of KING, many times a claim's gas.
    await streamPaysFor(3);

    const p = await planned();
    const plan = compoundPlan(p, p.settings.compounding.swapSlippageBps);
    const claim = claimOf(plan);
    expect(claim, `no stream claim planned: ${p.streamClaims?.decisions.map((d) => d.why).join('; ')} ${p.streamClaims?.notes.join('; ')}`).toBeDefined();
    const c = claim as ClaimStreamAction;
    const value = Number(c.payout) / 1e18 * 0.01;
    expect(value).toBeGreaterThan(0.025);
    expect(value).toBeLessThan(0.045);
    expect(plan.actions.map((a) => a.kind)).toEqual(['claim-stream', 'swap-reward', ...plan.actions.slice(2).map(() => 'deposit-lrt')]);
    const claimedBefore = (await distributor.getFunction('cumulativeClaimed')(main.address)) as bigint;

    const result = await h.mining((await vaultExecutor(p.specs)).execute(plan));
    expect(result.status, result.reason).toBe('included');
    expect(result.txCount).toBe(1);
    expect(result.calls.slice(0, 3)).toEqual([`claim KING of reward stream etherfi-avs`, 'approve reward → router', `swap reward ${king} → WETH`]);
    // Claimed exactly the payout to the vault and sold all of it: no KING left outside the book.
    expect((await distributor.getFunction('cumulativeClaimed')(main.address)) as bigint).toBe(claimedBefore + c.payout);
    expect(await h.balance(king, main.address)).toBe(0n);
    expect(result.postChecks?.length).toBeGreaterThan(0);
    expect(result.postChecks?.every((x) => x.ok), JSON.stringify(result.postChecks, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(true);
    console.info(`GAS claim-stream compound plan (vault, 1 tx, ${result.calls.length} calls: ${result.calls.join(', ')}; ${Number(c.payout) / 1e18} KING): ${result.gasUsed}`);

    // Nothing new on the distributor: no second claim.
    const again = await planned();
    expect(claimOf(again.decision.plan)).toBeUndefined();
    expect(compoundPlan(again, again.settings.compounding.swapSlippageBps).kind).toBe('hold');
  });

  it('refuses before sending a planned claim whose root the distributor replaced', async () => {
    await streamPaysFor(3);
    const p = await planned();
    const plan = compoundPlan(p, p.settings.compounding.swapSlippageBps);
    expect(claimOf(plan)).toBeDefined();
    // The next distribution posts a new root before the plan is sent.
    await h.world.mine(DEVNET_STREAM.intervalBlocks);
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const result = await (await vaultExecutor(p.specs)).execute(plan);
    expect(result.status).toBe('refused');
    expect(result.reason).toContain("reward stream claim refused before sending: reward stream etherfi-avs: the distributor's root moved");
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
  });

  it('claims to the keeper\'s own book on the eoa backend, one transaction per call', async () => {
    await h.keeperSends({ ...encodeWrapEth(h.world.deployment.weth, parseEther('300')) });
    const first = await planned(eoa);
    const executor = await h.executor({ backend: eoaBackend(h.keeper.address), specs: first.specs, intents: createIntentStore(h.redis, `${h.prefix}eoa:`), settings: { vault: 'devnet-eoa' } });
    const buy = await h.mining(executor.execute(planOf([await depositWeEth(h, parseEther('250'))], await h.provider.getBlockNumber())));
    expect(buy.status, buy.reason).toBe('included');
    await streamPaysFor(3);
    const p = await planned(eoa);
    const plan = compoundPlan(p, p.settings.compounding.swapSlippageBps);
    const claim = claimOf(plan);
    expect(claim, `no stream claim planned: ${p.streamClaims?.decisions.map((d) => d.why).join('; ')} ${p.streamClaims?.notes.join('; ')}`).toBeDefined();
    const kingBefore = await h.balance(king);
    const result = await h.mining(executor.execute(plan));
    expect(result.status, result.reason).toBe('included');
    expect(result.txCount).toBe(result.calls.length);
    expect(result.calls[0]).toBe('claim KING of reward stream etherfi-avs');
    expect(await h.balance(king)).toBe(kingBefore);
    expect((await distributor.getFunction('cumulativeClaimed')(h.keeper.address)) as bigint).toBe(claim?.cumulativeAmount);
    expect(result.postChecks?.every((x) => x.ok)).toBe(true);
    console.info(`GAS claim-stream compound plan (eoa, ${result.txCount} txs: ${result.calls.join(', ')}; ${Number(claim?.payout ?? 0n) / 1e18} KING): ${result.gasUsed}`);
  });

  it('the compound job\'s cached proof client asks the proof server once per interval, not once per job', async () => {
    let asked = 0;
    let now = 1_000_000;
    const clients = cachedStreamProofClients((stream: TokenStreamConfig) => {
      const inner = streamProofClient(stream);
      return { proofFor: (account, root) => ((asked += 1), inner.proofFor(account, root)) };
    }, 3_600, () => now);
    const job = async (): Promise<VaultPlan> => {
      const out = await planVault({ ...deps, streamClaims: { proofClient: clients } }, main);
      if (!out.ok) throw new Error(out.reasons.join('; '));
      return out;
    };
    await job();
    await job();
    expect(asked).toBe(1); // the root on chain is still the proof's root
    await h.world.mine(DEVNET_STREAM.intervalBlocks + 1); // a new root
    const stale = await job();
    expect(asked).toBe(1); // within the interval: the remembered proof, which no longer matches
    expect(stale.streamClaims?.notes.join('; ')).toContain('reward stream etherfi-avs: the proof is for root');
    expect(claimOf(stale.decision.plan)).toBeUndefined();
    now += 3_600;
    await job();
    expect(asked).toBe(2);
  });
});
