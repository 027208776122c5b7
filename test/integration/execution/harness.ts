/**
 * Execution test harness: a full devnet world (manual mining, relay emulator), a real Redis
 * with a unique key prefix, the keeper's EOA funded with a position, and an executor factory.
 * Plans are written by hand from chain reads, so these tests exercise the executor alone.
 */
import { randomUUID } from 'node:crypto';
import { Contract, JsonRpcProvider, Wallet, parseEther, type TransactionRequest } from 'ethers';
import { Redis } from 'ioredis';
import { startWorld, type DevnetWorld, type WorldOptions } from '../../../src/devnet/world.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import type { Action, Plan } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { createIntentStore, type IntentStore } from '../../../src/state/intents.ts';
import { createWithdrawalStore, type WithdrawalStore } from '../../../src/state/withdrawals.ts';
import { createExecutor, type Executor, type ExecutorDeps, type ExecutorSettings } from '../../../src/execution/executor.ts';
import { eoaBackend } from '../../../src/execution/backend.ts';
import { createFlashbotsRelay } from '../../../src/execution/relay-client.ts';
import { targetsFromDeployment, type ExecutionTargets } from '../../../src/execution/targets.ts';
import { devnetRewardsSource } from '../../helpers/devnet-rewards.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

export const WAD = 10n ** 18n;
export const ERC20 = ['function balanceOf(address) view returns (uint256)'];

export interface ExecHarness {
  world: DevnetWorld;
  provider: JsonRpcProvider;
  keeper: Wallet;
  redis: Redis;
  prefix: string;
  targets: ExecutionTargets;
  specs: PositionSpec[];
  intents: IntentStore;
  withdrawals: WithdrawalStore;
  executor(overrides?: Partial<Omit<ExecutorDeps, 'settings'>> & { settings?: Partial<ExecutorSettings> }): Promise<Executor>;
  /** Sends a keeper transaction through the public RPC and mines it. */
  keeperSends(request: TransactionRequest): Promise<void>;
  balance(token: string, who?: string): Promise<bigint>;
  /** Mines one block every `intervalMs` until `promise` settles. */
  mining<T>(promise: Promise<T>, intervalMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export async function startExecHarness(options: Partial<WorldOptions> = {}): Promise<ExecHarness> {
  const logger = createLogger({ level: 'silent' });
  const world = await startWorld({ projectRoot: PROJECT_ROOT, logger, ...options });
  const d = world.deployment;
  const provider = new JsonRpcProvider(d.rpcUrl, d.chainId, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const keeper = new Wallet(DEV_KEYS.keeper, provider);
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 2 });
  const prefix = `rk-test-exec-${randomUUID()}:`;
  const targets = targetsFromDeployment(d);
  const operator = d.eigenlayer.operators[0]?.address as `0x${string}`;
  const specs: PositionSpec[] = [
    { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: d.lrts.weETH.token as `0x${string}`, exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 }, queued: { delaySeconds: 86_400 } }, riskTier: 1 },
    { id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: d.lrts.ezETH.token as `0x${string}`, exits: { dex: { feeBps: 30 }, instant: { feeBps: 50 } }, riskTier: 2 },
    {
      id: 'rsETH-restaked', symbol: 'rsETH', protocol: 'kelp', token: d.lrts.rsETH.token as `0x${string}`,
      eigen: { strategy: d.eigenlayer.strategies.rsETH as `0x${string}`, operator, operatorSets: [] }, exits: { dex: { feeBps: 30 } }, riskTier: 2,
    },
  ];
  const intents = createIntentStore(redis, prefix);
  const withdrawals = createWithdrawalStore(redis, prefix);
  let nonce = await provider.getTransactionCount(keeper.address, 'latest');
  const settings: ExecutorSettings = {
    vault: 'test-eoa',
    blocksToTarget: 3,
    allowPublicMempool: false,
    simulationToleranceBps: 10,
    pollIntervalMs: 40,
    blockWaitTimeoutMs: 20_000,
    maxFeePerGasWei: parseEther('0.0000002'),
    maxPriorityFeePerGasWei: 2_000_000_000n,
    maxBaseFeeWei: parseEther('0.0000002'),
  };
  const h: ExecHarness = {
    world, provider, keeper, redis, prefix, targets, specs, intents, withdrawals,
    async executor(overrides = {}) {
      const relay = await createFlashbotsRelay('devnet-relay', d.relayUrl, provider, new Wallet(DEV_KEYS.relayAuth), d.chainId);
      const { settings: s, ...rest } = overrides;
      return createExecutor({
        provider, signer: keeper, relays: [relay], intents, withdrawals, backend: eoaBackend(keeper.address), targets, specs,
        rewards: devnetRewardsSource(d), logger, ...rest, settings: { ...settings, ...s },
      });
    },
    async keeperSends(request) {
      nonce = await provider.getTransactionCount(keeper.address, 'latest');
      const tx = await keeper.sendTransaction({ ...request, nonce, gasLimit: 1_500_000n, maxFeePerGas: parseEther('0.0000002'), maxPriorityFeePerGas: 1n });
      await world.mine(1);
      const receipt = await provider.getTransactionReceipt(tx.hash);
      if (receipt?.status !== 1) throw new Error(`setup tx to ${String(request.to)} failed`);
    },
    balance: async (token, who = keeper.address) => (await new Contract(token, ERC20, provider).getFunction('balanceOf')(who)) as bigint,
    async mining(promise, intervalMs = 150) {
      let settled = false;
      const watched = promise.finally(() => (settled = true));
      const loop = (async () => {
        while (!settled) {
          await new Promise((r) => setTimeout(r, intervalMs));
          if (!settled) await world.mine(1);
        }
      })();
      const out = await watched;
      await loop;
      return out;
    },
    async stop() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      provider.destroy();
      await world.stop();
    },
  };
  return h;
}

/** A plan around hand-written actions (totals are not what the executor reads). */
export function planOf(actions: Action[], block: number, kind: Plan['kind'] = 'rebalance'): Plan {
  const gasUnits = actions.reduce((s, a) => s + a.gas, 21_000);
  return {
    kind,
    reason: 'test plan',
    actions,
    totals: { gasUnits, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n },
    expectedYearlyGainWei: 0n,
    breakEvenDays: null,
    resultingWeights: {},
    inputs: { block, timestamp: 0, baseFeeWei: 0n, totalWei: 0n, currentWeights: {}, targetWeights: {}, approvedWeights: {}, netApy: {}, findings: [], rationale: [] },
  };
}
