/**
 * The quoted DEX venues the keeper can sell an LRT on, and buy it on under its rate, as plain
 * data (what a config or a devnet deployment names) and the one factory that turns each into an
 * EntryVenue (uniswap/venue.ts): observe batches its quotes (both ways) and depth reads,
 * execution asks it for the swap calldata.
 *
 * Adding a venue kind (Curve, Balancer) is one file implementing EntryVenue plus one member of
 * VenueTarget and one case below; see uniswap/venue.ts for what each needs.
 */
import type { LrtSymbol } from '../domain/types.ts';
import { uniswapV3Venue } from './uniswap/v3-venue.ts';
import type { EntryVenue } from './uniswap/venue.ts';

export interface UniswapV3VenueTarget {
  readonly kind: 'uniswap-v3';
  readonly pool: string;
  /** Pool fee in hundredths of a bip (100 = 0.01 %). */
  readonly fee: number;
  readonly quoter: string;
  readonly router: string;
}

export type VenueTarget = UniswapV3VenueTarget;

/** One LRT's quoted venue, with the sizes (whole tokens) its quote ladder reads. */
export interface LrtVenueTarget {
  readonly symbol: LrtSymbol;
  readonly token: string;
  readonly weth: string;
  readonly venue: VenueTarget;
  readonly quoteSizes: readonly number[];
}

/** @example exitVenue({ symbol: 'weETH', token, weth, venue: { kind: 'uniswap-v3', pool, fee: 100, quoter, router }, quoteSizes: [1, 10] }).kind // 'uniswap-v3' */
export function exitVenue(t: Omit<LrtVenueTarget, 'quoteSizes'>): EntryVenue {
  switch (t.venue.kind) {
    case 'uniswap-v3':
      return uniswapV3Venue({ symbol: t.symbol, token: t.token, weth: t.weth, ...t.venue });
  }
}
