/**
 * A plan: ordered actions from the current allocation to the approved one, and the numbers
 * that justified it. Plans are data; the executor turns each action into calldata.
 */
import type { Address, PositionId } from './types.ts';
import type { RiskFinding } from './verdict.ts';

export type ExitRoute = 'dex' | 'instant' | 'queued';

interface ActionBase {
  /** Gas units from the planner's gas table. */
  readonly gas: number;
  /** One line on why this action is in the plan. */
  readonly why: string;
}

export interface CompleteWithdrawalAction extends ActionBase {
  readonly kind: 'complete-withdrawal';
  readonly withdrawalId: string;
  readonly positionId: PositionId;
  readonly expectedWei: bigint;
}

export interface ClaimRewardsAction extends ActionBase {
  readonly kind: 'claim-rewards';
  readonly tokens: readonly Address[];
  readonly amounts: readonly bigint[];
}

/**
 * Claim of an LRT reward stream (rewards paid outside the LRT's rate) from its cumulative
 * merkle distributor: claim(holder, cumulativeAmount, root, proof). The proof was checked
 * against the distributor when planned and is checked again before sending
 * (src/execution/stream-recheck.ts); the token is sold by the swap-reward that follows.
 */
export interface ClaimStreamAction extends ActionBase {
  readonly kind: 'claim-stream';
  /** The stream's name in lrts[].rewardStreams. */
  readonly stream: string;
  readonly distributor: Address;
  readonly token: Address;
  readonly symbol: string;
  readonly cumulativeAmount: bigint;
  /** The distributor root the proof is for (lower-case hex). */
  readonly root: string;
  readonly proof: readonly string[];
  /** cumulativeAmount − what the distributor had paid the holder when planned: exactly what the claim pays, token units. */
  readonly payout: bigint;
}

export interface SwapRewardAction extends ActionBase {
  readonly kind: 'swap-reward';
  readonly token: Address;
  readonly amountIn: bigint;
  /** Value at the pool's mid price, the reference the slippage is measured against. */
  readonly fairValueWei: bigint;
  readonly expectedOutWei: bigint;
  readonly minOutWei: bigint;
  readonly slippageBps: number;
}

/** Sale of liquid LRT back to the asset through one route. */
export interface WithdrawAction extends ActionBase {
  readonly kind: 'withdraw';
  readonly positionId: PositionId;
  readonly route: ExitRoute;
  /** For route 'dex': the venue chosen ('uniswap-v2' when absent, 'uniswap-v3', …). */
  readonly venue?: string;
  readonly amountLrt: bigint;
  /** Value of amountLrt at the protocol rate. */
  readonly fairValueWei: bigint;
  readonly expectedOutWei: bigint;
  readonly minOutWei: bigint;
  /** fair − expected out (slippage and fees), plus delay cost for queued. */
  readonly costWei: bigint;
  readonly slippageBps: number;
  readonly delaySeconds: number;
}

/** Queue an EigenLayer withdrawal of restaked shares (the LRT comes back after the delay). */
export interface EigenQueueWithdrawalAction extends ActionBase {
  readonly kind: 'eigen-queue-withdrawal';
  readonly positionId: PositionId;
  readonly strategy: Address;
  /** Deposit shares to queue (what queueWithdrawals takes). */
  readonly depositShares: bigint;
  readonly underlyingLrt: bigint;
  readonly valueWei: bigint;
  readonly delaySeconds: number;
  /** Opportunity cost of the delay. */
  readonly costWei: bigint;
  /**
   * Part of queueing all of the holder's restaked shares: leave the operator too. One
   * DelegationManager.undelegate (made for the first marked queue of the bundle) queues every
   * strategy's deposit shares (the same withdrawals, the same delay) and clears the
   * delegation, so the vault can later restake with another operator (queueWithdrawals of
   * everything would leave it delegated, with no stake, to the operator it left).
   */
  readonly undelegate?: boolean;
}

/** Entry into an LRT: mint at the protocol rate, or buy on the DEX when that pays more LRT. */
export interface DepositLrtAction extends ActionBase {
  readonly kind: 'deposit-lrt';
  readonly positionId: PositionId;
  readonly amountWei: bigint;
  readonly expectedLrt: bigint;
  /** Our own slippage guard (Renzo and Swell deposits have none). */
  readonly minLrt: bigint;
  /** 'dex': swap WETH → LRT on the pool (paid in WETH); absent or 'mint': the protocol's deposit. */
  readonly route?: 'mint' | 'dex';
  /** For route 'dex': the venue bought on ('uniswap-v2' when absent, 'uniswap-v3', …). */
  readonly venue?: string;
}

export interface EigenDepositAction extends ActionBase {
  readonly kind: 'eigen-deposit';
  readonly positionId: PositionId;
  readonly strategy: Address;
  readonly amountLrt: bigint;
  /**
   * The liquid position of the same LRT whose tokens are restaked in place: exactly amountLrt
   * leaves its balance, with no sale and no mint. Absent when the LRT is minted for this restake.
   */
  readonly fromPositionId?: PositionId;
}

export interface DelegateAction extends ActionBase {
  readonly kind: 'delegate';
  readonly operator: Address;
}

export type Action =
  | CompleteWithdrawalAction
  | ClaimRewardsAction
  | ClaimStreamAction
  | SwapRewardAction
  | WithdrawAction
  | EigenQueueWithdrawalAction
  | DepositLrtAction
  | EigenDepositAction
  | DelegateAction;

export interface PlanTotals {
  readonly gasUnits: number;
  readonly gasCostWei: bigint;
  /** DEX losses against the protocol rate. */
  readonly slippageWei: bigint;
  /** Protocol exit fees. */
  readonly feesWei: bigint;
  /** Opportunity cost of queued exits. */
  readonly delayCostWei: bigint;
  readonly totalCostWei: bigint;
  /**
   * Realisable gain of the plan's DEX entries over minting the same asset (a sound LRT bought
   * under its rate, src/plan/entry.ts), asset wei: counted once against the cost by the plan
   * review. Absent: none.
   */
  readonly entryGainWei?: bigint;
  /** Value sold plus value bought, asset wei. */
  readonly movedWei: bigint;
}

/** The numbers that justified the plan, kept for the audit log and `keeper plan`. */
export interface PlanInputs {
  readonly block: number;
  readonly timestamp: number;
  readonly baseFeeWei: bigint;
  readonly totalWei: bigint;
  readonly currentWeights: Readonly<Record<PositionId, number>>;
  readonly targetWeights: Readonly<Record<PositionId, number>>;
  readonly approvedWeights: Readonly<Record<PositionId, number>>;
  readonly netApy: Readonly<Record<PositionId, number>>;
  readonly findings: readonly RiskFinding[];
  readonly rationale: readonly string[];
}

export interface Plan {
  /** hold: nothing to send; compound: only housekeeping (claims, completions); rebalance: weights move. */
  readonly kind: 'rebalance' | 'compound' | 'hold';
  /** For a hold: why nothing moves; for a rebalance: a one-line summary. */
  readonly reason: string;
  readonly actions: readonly Action[];
  readonly totals: PlanTotals;
  /** Extra yield per year of the new allocation over the current one, asset wei. */
  readonly expectedYearlyGainWei: bigint;
  /** Days of extra yield that pay back the total cost; null when the gain is not positive. */
  readonly breakEvenDays: number | null;
  /** Weights after the plan (queued exits counted as pending), bps of the snapshot total. */
  readonly resultingWeights: Readonly<Record<PositionId, number>>;
  readonly inputs: PlanInputs;
  /**
   * Every move is forced by a risk limit (a depeg or slashing exit, a broken cap). The decision
   * already waited out a base-fee spike as long as the limits allow, so execution sends it
   * above risk.maxBaseFeeGwei (execution.maxFeePerGasGwei still caps the fee). Absent: false.
   */
  readonly forced?: boolean;
}
