/**
 * Which market price of an LRT to believe: the deepest configured venue's. A thin pool is moved
 * by one trade (issue 10 item 6: a single print 15 % low on a small pool), while the venue
 * holding the most liquidity near the price is where a depeg really shows. Depth is compared
 * as the WETH a constant-product pool of the same local depth would hold: a V2 pair's WETH
 * reserve, a V3 pool's in-range liquidity as virtual reserves (VenueObservation.wethDepth).
 */
import type { PositionObservation } from './snapshot.ts';
import { WAD, mulDiv } from './units.ts';

export interface VenuePrice {
  /** `uniswap-v2` for the pair, else the venue's kind. */
  readonly kind: string;
  readonly label: string;
  /** WETH wei per 1e18 token wei, before fees. */
  readonly spotRateWad: bigint;
  readonly wethDepth: bigint;
}

/** Every venue of a position with its spot price and depth (V2 pair first). */
export function venuePrices(obs: PositionObservation): VenuePrice[] {
  const out: VenuePrice[] = [];
  if (obs.dex !== undefined && obs.dex.token > 0n) {
    out.push({ kind: 'uniswap-v2', label: 'uniswap-v2 pair', spotRateWad: mulDiv(obs.dex.weth, WAD, obs.dex.token), wethDepth: obs.dex.weth });
  }
  for (const v of obs.venues ?? []) if (v.spotRateWad > 0n) out.push({ kind: v.kind, label: v.label, spotRateWad: v.spotRateWad, wethDepth: v.wethDepth });
  return out;
}

/**
 * The deepest venue's price (ties: the first, so the V2 pair), or undefined without venues.
 * @example deepestVenue({ …, dex: { token: 100n, weth: 90n }, venues: [{ spotRateWad: 10n ** 18n, wethDepth: 10n ** 22n, … }] }).kind // 'uniswap-v3'
 */
export function deepestVenue(obs: PositionObservation): VenuePrice | undefined {
  let best: VenuePrice | undefined;
  for (const v of venuePrices(obs)) if (best === undefined || v.wethDepth > best.wethDepth) best = v;
  return best;
}
