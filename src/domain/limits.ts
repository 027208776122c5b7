/**
 * Risk limits, as configured per vault. Field names are shared with the config schema.
 * All *Bps fields are integer bps of the vault's total value unless said otherwise.
 */
export interface RiskLimits {
  readonly maxWeightPerPositionBps: number;
  readonly maxWeightPerProtocolBps: number;
  readonly maxWeightPerOperatorBps: number;
  /** Cap on the value restaked through operators registered with one AVS. */
  readonly maxWeightPerAvsBps: number;
  readonly minIdleBps: number;
  /**
   * Planned weights stay this far inside every cap and above the idle minimum, so ordinary
   * drift breaks nothing; a broken cap is repaired to the margin in one move. Absent: 0.
   */
  readonly capMarginBps?: number;
  /**
   * Longest a broken cap or a short idle buffer waits out a base-fee spike, counted from when
   * it was first seen broken (RiskContext.capBrokenSince), before it is repaired at the
   * spike's price. Absent: 12 hours.
   */
  readonly maxRepairGasWaitSeconds?: number;
  /** Discretionary value moved per UTC day (sum of |Δweight| over positions). */
  readonly maxTurnoverPerDayBps: number;
  /** Worst accepted loss of one swap against the protocol rate, bps of its fair value. */
  readonly maxSlippageBpsPerSwap: number;
  /** Worst accepted loss of a whole rebalance (slippage + exit fees), bps of the vault's total value. */
  readonly maxSlippageBpsPerRebalance: number;
  /** DEX price vs protocol rate beyond thresholdBps: no new deposits; exit too when `exit`. */
  readonly depeg: {
    readonly thresholdBps: number;
    readonly exit: boolean;
    /**
     * How long a depeg must last, seen continuously, before it forces an exit (deposits freeze
     * at once). One bad print must not force an irreversible exit. Absent: 0, exit at once.
     */
    readonly confirmSeconds?: number;
    /**
     * Longest wait, once a depeg exit is due, for a base-fee spike to pass when the exit leaves
     * through a queue (src/plan/exit-wait.ts). Absent: 12 hours.
     */
    readonly maxGasWaitSeconds?: number;
  };
  /** Snapshot or rate data older than this is stale. */
  readonly staleAfterSeconds: number;
  readonly maxBaseFeeGwei: number;
  /** A slashed operator: freeze deposits to it; exit too when `exit`. */
  readonly slashing: {
    readonly freezeDeposits: boolean;
    readonly exit: boolean;
    /** Slashing hazard priced into restaked positions' net APY (src/yield/slashing-hazard.ts); absent: defaults. */
    readonly hazardBps?: number;
    readonly repeatPerYear?: number;
    readonly avsRepeatPerYear?: number;
  };
  /** Extra yield over horizonDays must exceed total cost × safetyMultiple. */
  readonly minNetGain: { readonly horizonDays: number; readonly safetyMultiple: number };
  /** Newest rate off the trailing fit by more than this: treat as suspect, no new deposits. */
  readonly maxRateJumpBps: number;
}
