/**
 * Where the fee count starts and what a fee share was worth: the two choices behind "fees
 * taken" in `keeper status` and on the vault page. Pure.
 *
 * The count starts at the vault's deployment block when the config gives it
 * (`vaults[].deployedAtBlock`): fees are minted from the first deposit on, usually long before
 * the keeper's first share-price sample. Without it the count starts at that first sample, and
 * says so. Fees minted before the first sample have no price of their block: they are valued at
 * the first recorded share price and reported apart, never counted as 0.
 */
import type { SharePriceSample } from './realised-apy.ts';

/** Which block the fee count starts at, and why. */
export interface FeeScanStart {
  readonly startBlock: number;
  readonly since: 'deployment' | 'first-sample';
}

/** A fee share's price: asset wei per 1e18 shares, and whether it is the first sample's, borrowed for an earlier block. */
export interface FeePrice {
  readonly wad: bigint;
  readonly beforeFirstSample: boolean;
}

/**
 * @example feeScanStart(18_000_000, 18_250_000) // { startBlock: 18_000_000, since: 'deployment' }
 * @example feeScanStart(undefined, 18_250_000) // { startBlock: 18_250_000, since: 'first-sample' }
 */
export function feeScanStart(deployedAtBlock: number | undefined, firstSampleBlock: number): FeeScanStart {
  return deployedAtBlock === undefined ? { startBlock: firstSampleBlock, since: 'first-sample' } : { startBlock: deployedAtBlock, since: 'deployment' };
}

/**
 * Prices blocks from the share-price history (in time order, the first sample first): the
 * newest sample at or before the block; before the first sample, the first sample's price,
 * marked. Undefined without samples.
 * @example feePricer([{ block: 10, timestamp: 0, priceWad: 10n ** 18n }])?.(5) // { wad: 10n ** 18n, beforeFirstSample: true }
 */
export function feePricer(history: readonly SharePriceSample[]): ((block: number) => FeePrice) | undefined {
  const first = history[0];
  if (first === undefined) return undefined;
  return (block) => {
    if (block < first.block) return { wad: first.priceWad, beforeFirstSample: true };
    let found = first;
    for (const s of history) {
      if (s.block <= block && s.block >= found.block) found = s;
    }
    return { wad: found.priceWad, beforeFirstSample: false };
  };
}
