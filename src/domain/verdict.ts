/**
 * The risk engine's answer: approved weights and one finding per clamp or refusal, each
 * with the observed number and the limit it was checked against.
 */
import type { PositionId } from './types.ts';

export type FindingCode =
  | 'CAP_POSITION'
  | 'CAP_PROTOCOL'
  | 'CAP_OPERATOR'
  | 'CAP_AVS'
  | 'IDLE_BUFFER'
  | 'TURNOVER'
  | 'SLIPPAGE_SWAP'
  | 'SLIPPAGE_REBALANCE'
  | 'DEPEG'
  | 'STALE_DATA'
  | 'BASE_FEE'
  | 'SLASHED_OPERATOR'
  | 'MIN_NET_GAIN'
  | 'RATE_JUMP'
  | 'DELEGATION_CONFLICT'
  | 'UNKNOWN_POSITION';

/** clamped: a weight was reduced; refused: the rebalance is not done; exit: forced sale. */
export type FindingAction = 'clamped' | 'refused' | 'exit';

export interface RiskFinding {
  readonly code: FindingCode;
  readonly positionId?: PositionId;
  readonly observed: number;
  readonly limit: number;
  readonly action: FindingAction;
  readonly message: string;
}

export interface RiskVerdict {
  /** Weights the planner may move to (bps per position; rest idle). */
  readonly approved: Readonly<Record<PositionId, number>>;
  /** True when nothing may move this tick (a global breaker or a refused plan). */
  readonly refused: boolean;
  /** True when the move contains forced reductions (exits, caps broken by the current state). */
  readonly mandatory: boolean;
  /** Discretionary turnover of the approved move, bps (counted against the daily limit). */
  readonly turnoverBps: number;
  /** Turnover forced by breakers and broken caps, bps (not limited). */
  readonly mandatoryTurnoverBps: number;
  readonly findings: readonly RiskFinding[];
}

/** State the risk engine needs beyond the snapshot, kept by the keeper between ticks. */
export interface RiskContext {
  /** Wall clock now, unix seconds (for staleness). */
  readonly now: number;
  /** Last executed rebalance, unix seconds, if any. */
  readonly lastRebalanceAt?: number;
  /** Discretionary turnover already executed in the current UTC day, bps. */
  readonly turnoverUsedTodayBps: number;
  /**
   * Per position, since when (unix seconds) its DEX price has been seen beyond the depeg
   * threshold without a break (src/risk/depeg-watch.ts). Absent: first seen in this snapshot.
   */
  readonly depegSince?: Readonly<Record<PositionId, number>>;
  /**
   * Per cap group (`${code}:${key}`, e.g. `IDLE_BUFFER:all`), since when (unix seconds) the
   * current allocation has broken it without a break (src/risk/repair-watch.ts). Absent: first
   * seen in this snapshot.
   */
  readonly capBrokenSince?: Readonly<Record<string, number>>;
  /**
   * Since when (unix seconds) the vault has held cash waiting above its idle buffer without a
   * break (src/risk/idle-wait.ts); absent when none waits. The strategy weighs a mint's mark
   * against the yield that cash has forgone.
   */
  readonly idleWaitingSince?: number;
  /**
   * Positions whose forced sale the plan review refused this tick (no route within the slippage
   * limits): held as they are, so the other forced moves (an idle top-up the sale's proceeds
   * would have made needless) are planned without them (src/plan/decide.ts).
   */
  readonly unsellable?: readonly PositionId[];
  /**
   * A bundle goes this tick whatever the engine forces (a compound or a voluntary rebalance was
   * planned): a cap group over its cap by no more than the rounding rides along and is repaired,
   * since that bundle's gas, paid from the vault, raises every weight (src/plan/decide.ts).
   */
  readonly bundleGoes?: boolean;
  /**
   * The gas (asset wei) that bundle pays from the vault, when known: it raises every weight by
   * T / (T − gas), so a cap group it would carry past the rounding rides along and is repaired
   * too, spike or not (src/risk/gas-growth.ts).
   */
  readonly bundleGasWei?: bigint;
  /**
   * The idle buffer's repair sells nothing now (every sale it could make goes through a queue):
   * the engine counts what protocol withdrawals already queued will pay as cash on its way, and
   * repairs only the rest, so the repair is not queued again tick after tick (src/risk/pending.ts).
   */
  readonly idleCashOnItsWay?: boolean;
  /**
   * What a compound that goes (claims, due completions) draws from idle, asset wei: its gas less
   * the least its reward sales pay in. The compound trades nothing the planner's buffer top-up
   * could ride on, so the idle buffer is short when what that draw leaves is, and its repair
   * rides along (src/plan/decide.ts).
   */
  readonly compoundDrawWei?: bigint;
}
