/**
 * Yield estimates: what the strategy ranks and the planner prices gains with.
 * Every estimate keeps the window, sample count and reasons that produced it.
 */
import type { PositionId } from './types.ts';

/** One observation of an LRT's protocol rate. */
export interface RateSample {
  /** Unix seconds. */
  readonly timestamp: number;
  readonly rateWad: bigint;
}

export interface YieldEstimate {
  readonly positionId: PositionId;
  /** Trailing APY of the LRT's protocol rate. */
  readonly lrtApy: number;
  /** AVS reward APR for a restaked position (0 when liquid). */
  readonly avsApr: number;
  /** Fees taken from the gross yield, per year. */
  readonly feesApy: number;
  /**
   * Expected yearly loss to slashing, as a fraction of the position: the operator's slashing
   * history for a restaked position, and for any position the write-downs in its LRT's rate
   * history (src/yield/slashing-hazard.ts). Absent or 0 with neither.
   */
  readonly slashingApy?: number;
  /**
   * Real reward streams paid outside the LRT's rate (lrts[].rewardStreams), as an APR of the
   * position; absent or 0 when the LRT has none. Points never count here.
   */
  readonly streamApr?: number;
  /** lrtApy + avsApr + streamApr − feesApy − slashingApy: what the strategy ranks and the planner prices gains with. */
  readonly netApy: number;
  /**
   * Standard error of netApy: how far the trailing estimate may be from the yield it measures
   * (rate noise and a short window widen it). Infinity when there was no estimate; absent
   * from estimates made elsewhere (tests, benchmarks), which count as exact.
   */
  readonly netApyStdErr?: number;
  /** Window of the rate history used, seconds. */
  readonly windowSeconds: number;
  /** Rate samples used after outlier rejection. */
  readonly samples: number;
  /** True when the newest rate sample is older than the staleness limit. */
  readonly stale: boolean;
  /** Deviation of the newest rate from the robust fit, bps (a sudden jump or drop). */
  readonly lastJumpBps: number;
  /** Restaked positions: where each operator set's share of avsApr came from. */
  readonly avsParts?: readonly AvsAprPart[];
  /** Each reward stream of the LRT that pays on this position, points included at 0. */
  readonly streamParts?: readonly RewardStreamPart[];
  /** Human-readable notes: rejected points, fallbacks, missing data. */
  readonly reasons: readonly string[];
}

/** One operator set's contribution to a restaked position's AVS APR, and its source. */
export interface AvsAprPart {
  /** `<avs address>/<operator set id>`. */
  readonly operatorSet: string;
  /** 'accrual': the vault's own earnings; 'published': the market's published rate; 'none': neither (0). */
  readonly source: 'accrual' | 'published' | 'none';
  readonly apr: number;
  /** The candidates, when each was usable. */
  readonly accrualApr?: number;
  readonly publishedApr?: number;
}

/** One reward stream's contribution to a position's streamApr, and where it came from. */
export interface RewardStreamPart {
  readonly stream: string;
  readonly kind: 'token' | 'points';
  /** 'announced': the protocol's published APR; 'claims': measured from cumulative claims; 'none': unknown (0); 'points': always 0. */
  readonly source: 'announced' | 'claims' | 'none' | 'points';
  /** 0 for points and for an unknown rate. */
  readonly apr: number;
  /** The token symbol, or what the protocol calls its points. */
  readonly unit: string;
  /** A points stream's advertised multiplier, shown only. */
  readonly boost?: number;
  readonly reasons: readonly string[];
}
