/**
 * The model behind `keeper status`: per vault, whether anything stops the keeper (its own
 * pause flag, the vault's on-chain pause), what it decided last, and what is in flight
 * (open intents, queued withdrawals). The last decision comes from the daemon's audit log.
 * Across vaults: the jobs the daemon gave up on (`<prefix>:failed-jobs`), counted, with the
 * newest few.
 *
 * Reads only: status never changes state, takes no lock and needs no signer, so it is safe
 * to run next to live keepers. Each source is read once for all vaults where the store
 * allows it, and a failing on-chain read shows as "unknown" on that vault instead of
 * failing the whole report.
 */
import type { VaultConfig } from '../config/schema.ts';
import type { Intent } from '../state/intents.ts';
import type { TrackedWithdrawal } from '../state/withdrawals.ts';
import { redactSecrets } from '../domain/errors.ts';
import type { DecisionRecord, RejectedRecord } from '../state/audit.ts';
import type { PauseRecord } from './pause.ts';
import type { FailedJobRecord } from '../queue/failures.ts';
import type { SharePriceSample } from '../perf/realised-apy.ts';
import { vaultPerformance, type VaultPerformance } from '../perf/vault-performance.ts';
import type { SafeProposal } from '../safe/proposal.ts';

export interface StatusSources {
  pausedVaults(vaults: readonly string[]): Promise<ReadonlyMap<string, PauseRecord>>;
  /** The newest `decision` or `rejected` audit record of the vault. */
  lastDecision(vault: string): Promise<DecisionRecord | RejectedRecord | undefined>;
  openIntents(vault: string): Promise<readonly Intent[]>;
  pendingWithdrawals(vault: string): Promise<readonly TrackedWithdrawal[]>;
  /** The vault contract's `paused()`. */
  onChainPaused(address: string): Promise<boolean>;
  blockNumber(): Promise<number>;
  /** Jobs the daemon gave up on: how many are recorded, and the newest `limit`, newest first. */
  failedJobs?(limit: number): Promise<{ count: number; recent: readonly FailedJobRecord[] }>;
  /**
   * The vault's share-price history and gas paid (src/state/share-prices.ts), and the fees its
   * fee contract minted when `fees` names the vault contract and the block it was deployed at.
   */
  performance?(vault: string, fees?: { address: string; deployedAtBlock?: number }): Promise<{ history: readonly SharePriceSample[]; gasSpentWei: bigint; feesTaken?: VaultPerformance['feesTaken'] }>;
  /** Pending Safe proposals of a safe-propose vault, newest first. */
  pendingProposals?(vault: string): Promise<readonly SafeProposal[]>;
}

/** A pending Safe proposal as `keeper status` shows it: who signed, how many are missing. */
export interface ProposalSummary {
  id: string;
  planKind: string;
  safeNonce: bigint;
  signers: string[];
  threshold: number;
  /** Chain time, unix seconds. */
  expiresAt: number;
}

/** How many failed jobs `keeper status` lists by default. */
export const RECENT_FAILED_JOBS = 5;

export interface FailedJobSummary {
  queue: string;
  jobId: string;
  vault?: string;
  reason: string;
  attemptsMade: number;
  /** Unix ms when the job failed for good. */
  at: number;
}

export interface FailedJobsStatus {
  /** Records in the failed-jobs list (capped by the daemon at FAILED_JOBS_CAP). */
  count: number;
  /** Newest first. */
  recent: FailedJobSummary[];
}

export interface LastDecision {
  kind: 'decision' | 'rejected';
  /** Unix ms when the keeper recorded it. */
  at: number;
  block?: number;
  source?: string;
  planKind?: string;
  planId?: string;
  /** What the daemon did with the plan: queued, hold, busy, stale, dry-run, paused. */
  disposition?: string;
  reason: string;
  /** Codes of the risk findings that refused (empty when nothing was refused). */
  refusedCodes: string[];
}

export interface IntentSummary {
  planId: string;
  status: string;
  planKind: string;
  planBlock: number;
  attempts: number;
  lastTargetBlock?: number;
  updatedAt: number;
}

export interface WithdrawalSummary {
  id: string;
  kind: string;
  positionId: string;
  expectedWei: bigint;
  queuedBlock: number;
  completableAtBlock?: number;
  completableAt?: number;
}

/** `paused`/`active` from the chain, `n/a` for an eoa backend, `unknown` when the read failed. */
export type OnChainPause = { state: 'paused' | 'active' | 'n/a' } | { state: 'unknown'; error: string };

export interface VaultStatus {
  name: string;
  address: string;
  backend: VaultConfig['backend'];
  keeperPause?: PauseRecord;
  onChain: OnChainPause;
  lastDecision?: LastDecision;
  openIntents: IntentSummary[];
  pendingWithdrawals: WithdrawalSummary[];
  performance?: VaultPerformance;
  /** safe-propose vaults only. */
  pendingProposals?: ProposalSummary[];
}

export interface KeeperStatus {
  /** Unix seconds. */
  generatedAt: number;
  chainId: number;
  block?: number;
  blockError?: string;
  vaults: VaultStatus[];
  failedJobs?: FailedJobsStatus;
}

function message(err: unknown): string {
  return redactSecrets(err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err));
}

export function summariseDecision(record: DecisionRecord | RejectedRecord): LastDecision {
  if (record.kind === 'rejected') {
    return { kind: 'rejected', at: record.at, ...(record.block !== undefined ? { block: record.block } : {}), reason: record.reasons.join('; '), refusedCodes: [] };
  }
  const refused = (record.verdict?.findings ?? []).filter((f) => f.action === 'refused').map((f) => f.code);
  return {
    kind: 'decision',
    at: record.at,
    block: record.block,
    source: record.source,
    planKind: record.plan.kind,
    ...(record.plan.id !== undefined ? { planId: record.plan.id } : {}),
    disposition: record.disposition,
    reason: record.plan.reason,
    refusedCodes: [...new Set(refused)],
  };
}

export function summariseIntent(intent: Intent): IntentSummary {
  const last = intent.attempts.at(-1);
  return {
    planId: intent.planId,
    status: intent.status,
    planKind: intent.planKind,
    planBlock: intent.planBlock,
    attempts: intent.attempts.length,
    ...(last ? { lastTargetBlock: last.targetBlock } : {}),
    updatedAt: intent.updatedAt,
  };
}

export function summariseWithdrawal(w: TrackedWithdrawal): WithdrawalSummary {
  return {
    id: w.id,
    kind: w.kind,
    positionId: w.positionId,
    expectedWei: w.expectedWei,
    queuedBlock: w.queuedBlock,
    ...(w.completableAtBlock !== undefined ? { completableAtBlock: w.completableAtBlock } : {}),
    ...(w.completableAt !== undefined ? { completableAt: w.completableAt } : {}),
  };
}

/**
 * @example const status = await collectStatus(config.vaults, config.chain.chainId, redisStatusSources(...));
 */
export async function collectStatus(
  vaults: readonly Pick<VaultConfig, 'name' | 'address' | 'backend' | 'safe' | 'deployedAtBlock'>[],
  chainId: number,
  sources: StatusSources,
  now: () => number = () => Math.floor(Date.now() / 1000),
  recentFailed = RECENT_FAILED_JOBS,
): Promise<KeeperStatus> {
  const [paused, block, failed] = await Promise.all([
    sources.pausedVaults(vaults.map((v) => v.name)),
    sources.blockNumber().then(
      (n) => ({ ok: true as const, n }),
      (err: unknown) => ({ ok: false as const, error: message(err) }),
    ),
    sources.failedJobs?.(recentFailed),
  ]);
  const perVault = await Promise.all(
    vaults.map(async (vault): Promise<VaultStatus> => {
      const [decision, intents, withdrawals, onChain, perf, proposals] = await Promise.all([
        sources.lastDecision(vault.name),
        sources.openIntents(vault.name),
        sources.pendingWithdrawals(vault.name),
        readOnChain(vault, sources),
        sources.performance?.(vault.name, vault.backend === 'vault' ? { address: vault.address, ...(vault.deployedAtBlock !== undefined ? { deployedAtBlock: vault.deployedAtBlock } : {}) } : undefined),
        vault.backend === 'safe-propose' ? sources.pendingProposals?.(vault.name) : undefined,
      ]);
      const keeperPause = paused.get(vault.name);
      const lastDecision = decision ? summariseDecision(decision) : undefined;
      return {
        name: vault.name,
        address: vault.address,
        backend: vault.backend,
        ...(keeperPause ? { keeperPause } : {}),
        onChain,
        ...(lastDecision ? { lastDecision } : {}),
        openIntents: intents.map(summariseIntent),
        pendingWithdrawals: withdrawals.map(summariseWithdrawal),
        ...(perf ? { performance: vaultPerformance(perf.history, perf.gasSpentWei, decision, perf.feesTaken) } : {}),
        ...(proposals ? { pendingProposals: proposals.map(summariseProposal) } : {}),
      };
    }),
  );
  return {
    generatedAt: now(),
    chainId,
    ...(block.ok ? { block: block.n } : { blockError: block.error }),
    vaults: perVault,
    ...(failed ? { failedJobs: { count: failed.count, recent: failed.recent.map(summariseFailedJob) } } : {}),
  };
}

export function summariseProposal(p: SafeProposal): ProposalSummary {
  const signers = [...new Set(p.signatures.map((s) => s.owner))];
  return { id: p.id, planKind: p.plan.kind, safeNonce: p.safeTx.nonce, signers, threshold: p.threshold, expiresAt: p.expiresAt };
}

export function summariseFailedJob(r: FailedJobRecord): FailedJobSummary {
  return { queue: r.queue, jobId: r.jobId, ...(r.vault !== undefined ? { vault: r.vault } : {}), reason: redactSecrets(r.reason), attemptsMade: r.attemptsMade, at: r.at };
}

async function readOnChain(vault: Pick<VaultConfig, 'address' | 'backend' | 'safe'>, sources: StatusSources): Promise<OnChainPause> {
  // The contract whose guardian/owner can pause the keeper: the vault, or the Safe's module.
  const pausable = vault.backend === 'vault' ? vault.address : vault.backend === 'safe-module' ? vault.safe?.module : undefined;
  if (pausable === undefined) return { state: 'n/a' };
  try {
    return { state: (await sources.onChainPaused(pausable)) ? 'paused' : 'active' };
  } catch (err) {
    return { state: 'unknown', error: message(err) };
  }
}

/** Whether the keeper will act on the vault now: not paused by either brake. */
export function isActive(vault: VaultStatus): boolean {
  return vault.keeperPause === undefined && vault.onChain.state !== 'paused';
}
