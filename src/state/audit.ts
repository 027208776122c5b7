/**
 * The audit log: every decision the daemon takes for a vault, with the numbers behind it,
 * and what became of it on chain. One capped Redis list per vault (newest first), records
 * as JSON with exact bigints, so `keeper audit <vault>` can answer "why did the keeper do
 * that, and what did it get?" long after the logs rotated.
 *
 * Records, in the order a tick produces them:
 * - `decision`: snapshot summary, estimates, risk verdict, plan, and what the daemon did with
 *   it (`queued` for execution, `hold`, `busy` while another plan is in flight, `stale`, `dry-run`,
 *   `paused`, `limit` when the day's landed turnover leaves no room);
 * - `rejected`: the observation was refused (stale node, wrong chain, rate jump…), nothing decided;
 * - `execution`: the bundle (calls, simulation, target blocks, bundle hashes) and its status;
 * - `outcome`: receipts from the chain and realised vs expected (balance changes, gas).
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';
import type { AvsAprPart } from '../domain/estimate.ts';
import { fromJson, toJson } from './json-bigint.ts';

export interface PositionSummary {
  readonly id: string;
  readonly rateWad: bigint;
  readonly valueWei: bigint;
  /** DEX mid price against the protocol rate, bps (negative: trades below). */
  readonly dexDeviationBps?: number;
  readonly withdrawableShares?: bigint;
}

export interface SnapshotSummary {
  readonly block: number;
  readonly timestamp: number;
  readonly baseFeeWei: bigint;
  readonly idleWei: bigint;
  /** Value in queued withdrawals (counted in the total, movable only once completed). */
  readonly pendingWei: bigint;
  /** idle + positions + pending, as the risk engine weighs the book. */
  readonly totalWei: bigint;
  readonly delegatedTo?: string;
  readonly positions: readonly PositionSummary[];
  readonly claimableRewards: readonly { token: string; claimable: bigint }[];
  readonly queuedWithdrawals: number;
  readonly slashingEvents: number;
}

export interface EstimateSummary {
  readonly positionId: string;
  readonly lrtApy: number;
  readonly avsApr: number;
  /** Reward streams paid outside the LRT's rate; absent in records written before it was kept. */
  readonly streamApr?: number;
  readonly feesApy?: number;
  readonly slashingApy?: number;
  readonly netApy: number;
  readonly samples: number;
  readonly stale: boolean;
  /** Restaked positions: each operator set's AVS APR and whether it came from accrual or a published rate. */
  readonly avsParts?: readonly AvsAprPart[];
  /** The estimator's own words on how it got the number (window used, rejected points, why a rate is missing). */
  readonly reasons?: readonly string[];
}

export interface AuditFinding {
  readonly code: string;
  readonly positionId?: string;
  readonly action: string;
  readonly observed: number;
  readonly limit: number;
  readonly message: string;
}

export type DecisionDisposition = 'queued' | 'hold' | 'busy' | 'stale' | 'dry-run' | 'paused' | 'limit';

interface Base {
  readonly vault: string;
  /** Unix ms when the record was written. */
  readonly at: number;
  /** The job that wrote it (queue and id), for tracing into BullMQ. */
  readonly job?: string;
  /** The keeper process that wrote it (host:pid), filled in by the log. */
  readonly by?: string;
}

export interface DecisionRecord extends Base {
  readonly kind: 'decision';
  readonly source: 'observe' | 'compound' | 'withdrawals';
  readonly block: number;
  readonly snapshot?: SnapshotSummary;
  readonly estimates: readonly EstimateSummary[];
  readonly verdict?: { refused: boolean; mandatory: boolean; turnoverBps: number; findings: readonly AuditFinding[] };
  readonly targetWeights?: Readonly<Record<string, number>>;
  readonly plan: {
    readonly id?: string;
    readonly kind: string;
    readonly reason: string;
    readonly actions: readonly unknown[];
    readonly totals: unknown;
    readonly expectedYearlyGainWei: bigint;
    readonly breakEvenDays: number | null;
    readonly resultingWeights: Readonly<Record<string, number>>;
  };
  readonly disposition: DecisionDisposition;
  readonly note?: string;
}

export interface RejectedRecord extends Base {
  readonly kind: 'rejected';
  readonly block?: number;
  readonly reasons: readonly string[];
}

export interface ExecutionRecord extends Base {
  readonly kind: 'execution';
  readonly planId: string;
  readonly planKind: string;
  readonly status: string;
  readonly reason?: string;
  readonly calls: readonly string[];
  readonly txCount: number;
  readonly targetBlocks: readonly number[];
  readonly bundleHashes: readonly string[];
  /** 'public' when the public-mempool fallback ran; absent: relay bundles only. */
  readonly route?: 'bundle' | 'public';
  readonly simulatedGas?: readonly number[];
  readonly simulatedChecks?: readonly unknown[];
}

export interface ReceiptSummary {
  readonly hash: string;
  readonly block: number;
  readonly status: number;
  readonly gasUsed: bigint;
  readonly effectiveGasPriceWei: bigint;
}

export interface OutcomeRecord extends Base {
  readonly kind: 'outcome';
  readonly planId: string;
  readonly status: string;
  readonly reason?: string;
  readonly inclusionBlock?: number;
  readonly receipts: readonly ReceiptSummary[];
  readonly expected: { yearlyGainWei: bigint; totalCostWei: bigint; gasCostWei: bigint };
  readonly realised: { gasCostWei: bigint; balanceChecks: readonly unknown[]; checksOk: boolean | null };
}

export type AuditRecord = DecisionRecord | RejectedRecord | ExecutionRecord | OutcomeRecord;
export type AuditKind = AuditRecord['kind'];

export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** Newest first; `limit` records at most (default 50), optionally of some kinds only. */
  list(vault: string, options?: { limit?: number; kinds?: readonly AuditKind[] }): Promise<AuditRecord[]>;
  /** Records kept for the vault. */
  count(vault: string): Promise<number>;
}

/** Per vault. A decision record is ~2-3 KB: 2,000 records × 1,000 vaults ≈ 5 GB of Redis; ship older records elsewhere for longer history. */
export const DEFAULT_AUDIT_CAP = 2_000;

/**
 * @example
 *   const audit = createAuditLog(redis, 'rk', DEFAULT_AUDIT_CAP, `${hostname()}:${process.pid}`);
 *   await audit.append({ kind: 'rejected', vault: 'main', at: Date.now(), reasons: ['stale node'] });
 *   (await audit.list('main', { limit: 5 }))[0].kind // 'rejected'
 */
export function createAuditLog(redis: Redis, prefix: string, cap: number = DEFAULT_AUDIT_CAP, writer?: string): AuditLog {
  const key = (vault: string): string => `${prefix}:audit:${vault}`;
  const guard = async <T>(what: string, vault: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`audit log ${what} failed`, { details: [`vault: ${vault}`], cause });
    }
  };
  return {
    append: (record) =>
      guard('write', record.vault, async () => {
        // One round trip: push and trim together keep the list capped.
        const text = toJson(writer === undefined || record.by !== undefined ? record : { ...record, by: writer });
        await redis.multi().lpush(key(record.vault), text).ltrim(key(record.vault), 0, cap - 1).exec();
      }),
    list: (vault, options = {}) =>
      guard('read', vault, async () => {
        const limit = Math.max(1, options.limit ?? 50);
        const kinds = options.kinds;
        if (kinds === undefined || kinds.length === 0) return (await redis.lrange(key(vault), 0, limit - 1)).map((t) => fromJson<AuditRecord>(t));
        const out: AuditRecord[] = [];
        // Filtered reads page through the list; it is capped, so this ends.
        for (let start = 0; out.length < limit; start += 500) {
          const page = await redis.lrange(key(vault), start, start + 499);
          for (const text of page) {
            const record = fromJson<AuditRecord>(text);
            if (kinds.includes(record.kind)) out.push(record);
            if (out.length >= limit) break;
          }
          if (page.length < 500) break;
        }
        return out;
      }),
    count: (vault) => guard('read', vault, () => redis.llen(key(vault))),
  };
}
