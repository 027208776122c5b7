/**
 * Everything a worker needs, built once per process by the composition root (`keeper run`)
 * and passed to every job: config, clients, stores and settings. No globals; tests build
 * one by hand around a devnet world.
 */
import { nativeBookFor } from '../reconcile/native-book.ts';
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { Redis } from 'ioredis';
import type { KeeperConfig, VaultConfig } from '../config/schema.ts';
import { InputError } from '../domain/errors.ts';
import { gweiToWei } from '../domain/units.ts';
import type { PositionSpec } from '../domain/types.ts';
import { backendFor } from '../execution/backend-for.ts';
import { createExecutor, type Executor, type ExecutorHooks, type RiskRecheck } from '../execution/executor.ts';
import type { BundleRelay } from '../execution/relay-client.ts';
import type { ExecutionTargets } from '../execution/targets.ts';
import type { KeeperDeps } from '../keeper/tick.ts';
import type { TokenStreamConfig } from '../config/reward-streams-schema.ts';
import type { StreamProofClient } from '../rewards/streams/proof-client.ts';
import type { AuditLog } from '../state/audit.ts';
import { createIntentStore, type IntentStore } from '../state/intents.ts';
import { createWithdrawalStore, type WithdrawalStore } from '../state/withdrawals.ts';
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import type { Logger } from '../telemetry/logger.ts';
import { vaultStatePrefix } from './names.ts';
import type { PausedVaults } from './paused.ts';
import type { HoldSampler } from './hold-sampler.ts';
import type { PlanSlots } from './plan-slot.ts';
import type { TurnoverLedger } from './turnover.ts';

export interface DaemonSettings {
  /** Jobs one process runs at once per queue. Execution is serialised by the signer lock anyway. */
  readonly concurrency: { readonly observe: number; readonly execute: number; readonly confirm: number; readonly housekeeping: number };
  /** BullMQ job lock: a job whose worker stops renewing it for this long is stalled and handed to another process. */
  readonly jobLockMs: number;
  /** How often each worker looks for stalled jobs. */
  readonly stalledIntervalMs: number;
  /** Signer lock expiry after a crash; renewed every third of it while held. */
  readonly signerLockTtlMs: number;
  /** How long an execute job waits for the signer before retrying later. */
  readonly signerLockWaitMs: number;
  /** Last-resort expiry of a vault's plan slot (a crash that never settles). */
  readonly planSlotTtlMs: number;
  /** Attempts per job and the first backoff delay (exponential). */
  readonly attempts: number;
  readonly backoffMs: number;
  /** Longest wait for one block while executing or confirming. */
  readonly blockWaitTimeoutMs: number;
  /** Chain head polling of the block watcher. */
  readonly headPollMs: number;
  /** Completed jobs stay this long, so late duplicates of a tick are recognised and ignored. */
  readonly keepCompletedSeconds: number;
  /** Observe and decide, audit, never execute (shadow mode). */
  readonly dryRun: boolean;
  /** Unchanged hold decisions are audited once per this many blocks (1: every one). */
  readonly auditHoldEveryBlocks: number;
}

export const DEFAULT_DAEMON_SETTINGS: DaemonSettings = {
  concurrency: { observe: 8, execute: 1, confirm: 2, housekeeping: 2 },
  jobLockMs: 30_000,
  stalledIntervalMs: 15_000,
  signerLockTtlMs: 30_000,
  signerLockWaitMs: 5_000,
  planSlotTtlMs: 15 * 60_000,
  attempts: 5,
  backoffMs: 1_000,
  blockWaitTimeoutMs: 60_000,
  headPollMs: 1_000,
  keepCompletedSeconds: 600,
  dryRun: false,
  auditHoldEveryBlocks: 50,
};

export interface DaemonContext {
  readonly config: KeeperConfig;
  /** What planVault needs (rpc, redis, rewards, strategies, clock…). */
  readonly keeper: KeeperDeps;
  readonly redis: Redis;
  readonly provider: JsonRpcProvider;
  readonly signer: Wallet;
  readonly relays: readonly BundleRelay[];
  readonly targets: ExecutionTargets;
  readonly audit: AuditLog;
  readonly slots: PlanSlots;
  readonly paused: PausedVaults;
  readonly turnover: TurnoverLedger;
  readonly holds: HoldSampler;
  readonly events: KeeperEventBus;
  readonly logger: Logger;
  readonly settings: DaemonSettings;
  /**
   * The reward streams' proof clients of the compound job, cached (rewards/streams/proof-cache.ts);
   * absent: an uncached client per job.
   */
  readonly streamProofs?: (stream: TokenStreamConfig) => StreamProofClient;
}

export function findVault(ctx: Pick<DaemonContext, 'config'>, name: string): VaultConfig {
  const vault = ctx.config.vaults.find((v) => v.name === name);
  if (vault === undefined) throw new InputError('job names a vault that is not in the config', { details: [`vault: ${name}`, `known: ${ctx.config.vaults.map((v) => v.name).join(', ')}`] });
  return vault;
}

export function vaultStores(ctx: Pick<DaemonContext, 'redis' | 'config'>, vault: string): { intents: IntentStore; withdrawals: WithdrawalStore } {
  const prefix = vaultStatePrefix(ctx.config.queue.prefix, vault);
  return { intents: createIntentStore(ctx.redis, prefix), withdrawals: createWithdrawalStore(ctx.redis, prefix) };
}

/** The executor for one vault, wired exactly like `keeper execute`. */
export function executorFor(ctx: DaemonContext, vault: VaultConfig, specs: readonly PositionSpec[], extra: { recheck?: RiskRecheck; hooks?: ExecutorHooks; maxBaseFeeGwei?: number } = {}): Executor {
  const { config } = ctx;
  const stores = vaultStores(ctx, vault.name);
  return createExecutor({
    provider: ctx.provider,
    signer: ctx.signer,
    relays: ctx.relays,
    intents: stores.intents,
    withdrawals: stores.withdrawals,
    backend: backendFor(vault, ctx.signer.address),
    targets: ctx.targets,
    specs,
    rewards: ctx.keeper.rewards,
    logger: ctx.logger,
    nativeBook: nativeBookFor(ctx.redis, config.queue.prefix),
    settings: {
      vault: vault.name,
      blocksToTarget: config.execution.blocksToTarget,
      allowPublicMempool: config.execution.allowPublicMempool,
      simulationToleranceBps: config.execution.simulationToleranceBps,
      pollIntervalMs: Math.min(config.chain.pollIntervalMs, 1_000),
      blockWaitTimeoutMs: ctx.settings.blockWaitTimeoutMs,
      maxFeePerGasWei: gweiToWei(config.execution.maxFeePerGasGwei),
      maxPriorityFeePerGasWei: gweiToWei(config.execution.maxPriorityFeePerGasGwei),
      maxBaseFeeWei: gweiToWei(extra.maxBaseFeeGwei ?? config.risk.maxBaseFeeGwei),
    },
    ...(extra.recheck ? { recheck: extra.recheck } : {}),
    ...(extra.hooks ? { hooks: extra.hooks } : {}),
  });
}
