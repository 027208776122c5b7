/**
 * One tick's observation of a vault: the only input the pure middle reads from the chain.
 *
 * Plain data (bigints for amounts, numbers for seconds), produced by one batched read per
 * tick, so the same snapshot can be stored, replayed in a backtest and explained later.
 */
import type { Address, PositionId } from './types.ts';

/** Reserves of a Uniswap V2 style pool, already oriented: `token` is the non-WETH side. */
export interface DexReserves {
  readonly token: bigint;
  readonly weth: bigint;
}

/** One quote of a venue: `out` paid for `amountIn`, fees and impact included (a sale: WETH wei for token wei; a buy: token wei for WETH wei). */
export interface QuotePoint {
  readonly amountIn: bigint;
  readonly out: bigint;
}

/**
 * A DEX venue priced by quotes rather than by reserves (Uniswap V3 today; a Curve or Balancer
 * pool would be observed the same way): its spot rate and local depth, and a ladder of quotes
 * each way: selling the token for WETH, and buying it with WETH (an entry below the rate).
 */
export interface VenueObservation {
  /** Venue kind, e.g. 'uniswap-v3' (the executor builds the swap for this kind). */
  readonly kind: string;
  /** For reasons and logs: `weETH/WETH uniswap-v3 0x…`. */
  readonly label: string;
  /** WETH wei per 1e18 token wei at the current price, before fees. */
  readonly spotRateWad: bigint;
  /** WETH a constant-product pool of the same local depth would hold. */
  readonly wethDepth: bigint;
  /** Sale quotes (token in, WETH out) ascending by amountIn; only the sizes the venue answered. */
  readonly ladder: readonly QuotePoint[];
  /** Buy quotes (WETH in, token out) ascending by amountIn; only the sizes the venue answered. */
  readonly buyLadder: readonly QuotePoint[];
}

export interface EigenObservation {
  /** StrategyManager deposit shares; slashing does not reduce them, never value with these. */
  readonly depositShares: bigint;
  /** DelegationManager.getWithdrawableShares: what is really there after slashing. */
  readonly withdrawableShares: bigint;
  /** LRT wei behind the withdrawable shares (sharesToUnderlyingView). */
  readonly withdrawableUnderlying: bigint;
}

export interface PositionObservation {
  readonly positionId: PositionId;
  /** Protocol rate: asset wei per 1e18 LRT wei. */
  readonly rateWad: bigint;
  /** The LRT/WETH Uniswap V2 pair, when the position has one. */
  readonly dex?: DexReserves;
  /** Quoted DEX venues (Uniswap V3 pools), when configured. */
  readonly venues?: readonly VenueObservation[];
  /** LRT wei held liquid by the vault for this position (for a restaked one: not yet restaked). */
  readonly liquidBalance: bigint;
  readonly eigen?: EigenObservation;
  /** LRT wei the protocol's instant exit can take right now (rate limit, maxRedeem). */
  readonly instantLiquidity?: bigint;
  /** (liquidBalance + withdrawableUnderlying) · rate, in asset wei. */
  readonly valueWei: bigint;
}

export interface QueuedWithdrawalObservation {
  /** Withdrawal root, request NFT id or queue index, whatever the route uses. */
  readonly id: string;
  readonly positionId: PositionId;
  /** 'eigen' pays LRT back to the vault; 'protocol' pays the vault asset. */
  readonly kind: 'eigen' | 'protocol';
  /** Expected value in asset wei. */
  readonly amountWei: bigint;
  /** Unix seconds after which completion is allowed. */
  readonly completableAt: number;
  /**
   * A due EigenLayer withdrawal whose LRT the decision already counts in this liquid position
   * (due-eigen-returns.ts): the bundle completes it first, so it is no longer pending.
   */
  readonly returnedTo?: PositionId;
}

export interface PendingRewardObservation {
  readonly token: Address;
  readonly decimals: number;
  /** cumulativeEarnings − cumulativeClaimed in the current claimable root, token wei. */
  readonly claimable: bigint;
  /** The vault's cumulative earnings of this token (all roots), token wei. */
  readonly cumulativeEarned: bigint;
  /** token/WETH pool to value and sell the reward; absent when there is none. */
  readonly dex?: DexReserves;
}

export interface SlashingObservation {
  readonly operator: Address;
  readonly avs: Address;
  readonly operatorSetId: number;
  readonly strategies: readonly Address[];
  readonly wadSlashed: readonly bigint[];
  readonly block: number;
}

export interface Snapshot {
  readonly chainId: number;
  readonly block: number;
  /** Block timestamp, unix seconds. */
  readonly timestamp: number;
  readonly baseFeeWei: bigint;
  /** The vault (EigenLayer staker and reward earner). */
  readonly holder: Address;
  /** Operator the holder is delegated to in EigenLayer (one at a time), if any. */
  readonly delegatedTo?: Address;
  /** Vault asset held and free to invest, wei: WETH plus the book's native ETH (`nativeWei`). */
  readonly idleWei: bigint;
  /**
   * The book's native ETH counted in idleWei: the vault's whole ETH balance, or on the eoa
   * backend the ledger's share of the keeper's ETH (exit proceeds not yet wrapped, never gas).
   */
  readonly nativeWei?: bigint;
  readonly positions: readonly PositionObservation[];
  readonly queuedWithdrawals: readonly QueuedWithdrawalObservation[];
  readonly rewards: readonly PendingRewardObservation[];
  /** Slashing events seen for the operators we care about (recent window). */
  readonly slashing: readonly SlashingObservation[];
  /** Wall clock at the read, unix seconds. */
  readonly observedAt: number;
  /**
   * Asset wei one share (1e18 share wei) is worth by the vault contract's own valuation; absent
   * for a book without shares (the keeper's account) or when the read failed.
   */
  readonly sharePriceWad?: bigint;
}

/** The observation for a position, or undefined when the snapshot does not have it. */
export function findObservation(snapshot: Snapshot, id: PositionId): PositionObservation | undefined {
  return snapshot.positions.find((p) => p.positionId === id);
}

/**
 * Protocol withdrawals already due: the next bundle completes them, so their asset counts as
 * cash of now (idle for the buffer, funding for deposits), not as pending.
 */
export function dueProtocolWei(snapshot: Snapshot): bigint {
  return snapshot.queuedWithdrawals.filter((q) => q.kind === 'protocol' && q.completableAt < snapshot.timestamp).reduce((s, q) => s + q.amountWei, 0n);
}
