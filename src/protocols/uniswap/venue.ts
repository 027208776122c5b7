/**
 * An exit venue: a place where an LRT is sold for WETH. The keeper needs three things of
 * each, whatever the AMM: a quote for a size (a read the observer batches into its one
 * multicall, optional so a size the venue cannot fill drops out of the ladder), the swap
 * calldata for an exact input with a min-out and the contract to approve, and the venue's
 * depth near the spot price (to judge a depeg from the deepest venue, not the thinnest).
 * A quoted venue is also bought on when it trades under the rate (EntryVenue: the same two
 * things the other way, WETH in).
 *
 * Uniswap V2 and V3 implement it (v2-venue.ts, v3-venue.ts); the keeper registers quoted
 * venues in ../exit-venues.ts (one VenueTarget member and one case per kind) and configures
 * them under `lrts[].exits`. A new kind is one file like v3-venue.ts, plus:
 * - Curve: config { pool, i, j }; quote `get_dy(i, j, dx)`; swap `exchange(i, j, dx, min_dy)`
 *   (approve the pool; NG pools take a receiver); depth from `balances(j)` and the spot from a
 *   small `get_dy` (or NG `get_p`). A pool paying native ETH needs build-calls to count its
 *   min-out as ETH float, as it does for instant exits. The vault allows (pool, exchange) by
 *   target; its SwapPaths has no Curve shape, so the output token is checked by valuation only.
 * - Balancer V2: config { poolId, vault, queries }; quote `BalancerQueries.querySwap` (not a
 *   view, answers under eth_call like QuoterV2); swap `Vault.swap(SingleSwap, FundManagement,
 *   limit, deadline)` (approve the Vault; the recipient is a static head word the vault can
 *   bind to itself); depth from `getPoolTokens(poolId)` scaled by the pool's rate providers.
 *   The poolId sits in the dynamic SingleSwap, so the vault contract needs a SwapPaths shape
 *   that reads it before a Balancer pool can be an allowlisted counterparty.
 */
import type { Read } from '../../chain/read.ts';
import type { TxRequest } from '../lrt-deposit.ts';

export type VenueKind = 'uniswap-v2' | 'uniswap-v3';

/** Several reads whose answers make one value (V3 depth needs slot0 and liquidity). */
export interface ReadGroup<T> {
  readonly reads: readonly Read<unknown>[];
  readonly combine: (answers: readonly unknown[]) => T;
}

/** Spot rate and local depth of a venue. */
export interface VenueDepth {
  /** WETH wei per 1e18 token wei at the current price, before fees. */
  readonly spotRateWad: bigint;
  /** WETH a constant-product pool of the same local depth would hold (V2: the reserve itself). */
  readonly wethDepth: bigint;
}

export interface ExitVenue {
  readonly kind: VenueKind;
  /** For messages and audit: `weETH/WETH uniswap-v3 0x…`. */
  readonly label: string;
  /** The token sold and WETH bought. */
  readonly token: string;
  readonly weth: string;
  /** WETH out for `amountIn` token, fees included, as one batched read. */
  quote(amountIn: bigint): Read<bigint>;
  /** Who must be approved to pull the token, and the exact-input swap with its min-out. */
  swap(amountIn: bigint, minOut: bigint, recipient: string, deadline: bigint): { spender: string; tx: TxRequest };
  depth(): ReadGroup<VenueDepth>;
}

/**
 * A quoted venue the keeper also buys on (an entry while the pool trades under the rate): the
 * same pool the other way. The V2 pair is priced from its reserves and bought through the
 * planner's own router call, so only quoted venues (V3) implement this.
 */
export interface EntryVenue extends ExitVenue {
  /** Token out for `amountIn` WETH, fees included, as one batched read. */
  buyQuote(amountIn: bigint): Read<bigint>;
  /** Who must be approved to pull WETH, and the exact-input buy of the token with its min-out. */
  buySwap(amountIn: bigint, minOut: bigint, recipient: string, deadline: bigint): { spender: string; tx: TxRequest };
}

/**
 * The depth reading of the deepest venue (largest WETH depth), the one whose price a depeg
 * check should trust: a thin pool is moved by one trade. Undefined when there is none.
 * @example deepest([{ spotRateWad: 99n, wethDepth: 10n }, { spotRateWad: 100n, wethDepth: 500n }]) // the second
 */
export function deepest(depths: readonly VenueDepth[]): VenueDepth | undefined {
  let best: VenueDepth | undefined;
  for (const d of depths) if (best === undefined || d.wethDepth > best.wethDepth) best = d;
  return best;
}

/**
 * Discount of the deepest venue's spot price to the protocol rate, in bps (positive: the
 * market pays less than the protocol rate). Undefined without venues.
 */
export function depegBpsFromDeepest(depths: readonly VenueDepth[], protocolRateWad: bigint): number | undefined {
  const best = deepest(depths);
  if (best === undefined || protocolRateWad <= 0n) return undefined;
  return Number(((protocolRateWad - best.spotRateWad) * 10_000n) / protocolRateWad);
}
