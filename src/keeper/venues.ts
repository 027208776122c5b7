/**
 * The quoted DEX venues of each configured LRT (Uniswap V3 pools today), as the plain targets
 * observe and execution share (protocols/exit-venues.ts).
 */
import type { KeeperConfig, LrtConfig } from '../config/schema.ts';
import type { LrtVenueTarget } from '../protocols/exit-venues.ts';
import { DEFAULT_QUOTE_SIZES } from '../yield/venue-quotes.ts';

/** @example lrtVenueTargets(config, config.lrts[0]).map((v) => v.venue.kind) // ['uniswap-v3'] */
export function lrtVenueTargets(config: KeeperConfig, lrt: LrtConfig): LrtVenueTarget[] {
  const out: LrtVenueTarget[] = [];
  const v3 = config.universe.uniswapV3;
  const pool = lrt.exits.dexV3;
  if (v3 !== undefined && pool !== undefined) {
    out.push({
      symbol: lrt.symbol,
      token: lrt.token,
      weth: config.universe.weth,
      venue: { kind: 'uniswap-v3', pool: pool.pool, fee: pool.fee, quoter: v3.quoter, router: v3.router },
      quoteSizes: pool.quoteSizes ?? DEFAULT_QUOTE_SIZES,
    });
  }
  return out;
}
