/**
 * The executor's dependencies, settings and result, on their own so that the modules the
 * executor delegates to (public-fallback.ts) can name them without importing the executor.
 */
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { Plan } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RewardsSource } from '../observe/rewards-source.ts';
import type { NativeBook } from '../reconcile/native-book.ts';
import type { IntentAttempt, IntentStore } from '../state/intents.ts';
import type { WithdrawalStore } from '../state/withdrawals.ts';
import type { Backend } from './backend.ts';
import type { DeltaCheck } from './expectations.ts';
import type { FeeLimits } from './fees.ts';
import type { BundleRelay } from './relay-client.ts';
import type { ExecutionTargets } from './targets.ts';

export interface ExecutorSettings extends FeeLimits {
  /** Vault name: the plan id's first part. */
  readonly vault: string;
  readonly blocksToTarget: number;
  readonly allowPublicMempool: boolean;
  readonly simulationToleranceBps: number;
  readonly pollIntervalMs: number;
  /** Longest wait for one block before leaving the intent to recovery. */
  readonly blockWaitTimeoutMs: number;
}

/** Re-observes right before sending; returns reasons to refuse (empty: go). */
export type RiskRecheck = (plan: Plan) => Promise<readonly string[]>;

export interface ExecutorHooks {
  /** Called after each attempt was sent (tests throw here to simulate a crash). */
  readonly afterSend?: (attempt: IntentAttempt) => void | Promise<void>;
}

export interface ExecutorDeps {
  readonly provider: JsonRpcProvider;
  readonly signer: Wallet;
  readonly relays: readonly BundleRelay[];
  readonly intents: IntentStore;
  readonly withdrawals: WithdrawalStore;
  readonly backend: Backend;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  readonly rewards?: RewardsSource;
  readonly logger: Logger;
  readonly settings: ExecutorSettings;
  readonly recheck?: RiskRecheck;
  readonly hooks?: ExecutorHooks;
  /** The eoa backend's native ETH ledger (src/reconcile/native-book.ts); the vault backend needs none. */
  readonly nativeBook?: NativeBook;
}

export type ExecutionStatus = 'included' | 'expired' | 'pending' | 'refused' | 'failed' | 'duplicate' | 'blocked' | 'hold' | 'simulated';

export interface ExecutionResult {
  readonly planId: string;
  readonly status: ExecutionStatus;
  readonly reason?: string;
  readonly calls: readonly string[];
  readonly txCount: number;
  readonly targetBlocks: readonly number[];
  readonly bundleHashes: readonly string[];
  readonly simulatedVia?: string;
  readonly simulatedGas?: readonly number[];
  readonly simulatedChecks?: readonly DeltaCheck[];
  readonly inclusionBlock?: number;
  readonly gasUsed?: bigint;
  /** Balance changes on chain after inclusion, against the plan. */
  readonly postChecks?: readonly DeltaCheck[];
  /** Set once the public-mempool fallback ran (public-fallback.ts); absent: relay bundles only. */
  readonly route?: 'bundle' | 'public';
}
