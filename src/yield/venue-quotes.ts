/**
 * Pricing a sale or a buy from a venue's quote ladder (a few sizes quoted in the observe
 * multicall, e.g. QuoterV2.quoteExactInputSingle for 1, 3, 10, … 10,000 tokens sold, or as
 * many WETH spent on the token).
 *
 * What a pool pays for a size is concave in the size (each extra token gets a worse price), so
 * the straight line between two quoted sizes lies at or below the true curve, and so does the
 * line from zero to the smallest quote. Interpolating this way can only under-promise: the
 * min-out and the exit-cost model stay on the safe side. Beyond the largest quoted size the
 * curve is unknown (the next tick of liquidity may be far away), so there is no quote.
 */
import type { QuotePoint } from '../domain/snapshot.ts';
import { WAD } from '../domain/units.ts';

/**
 * Default ladder, in whole tokens: about ×3 apart (half a decade) from a small sale to a whole
 * large book. Nine quotes per pool; a chord across ×3 under-promises by well under 1 bp on a
 * concentrated pool, where a decade apart cost ~1 bp at 1,000 ETH on the devnet.
 */
export const DEFAULT_QUOTE_SIZES: readonly number[] = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000];

/**
 * Token wei for each ladder size in whole tokens, ascending and without duplicates.
 * @example ladderAmounts([10, 1], 18) // [10n ** 18n, 10n * 10n ** 18n]
 */
export function ladderAmounts(sizes: readonly number[], decimals = 18): bigint[] {
  const scale = 10n ** BigInt(decimals);
  // Sizes go through a fixed 6-decimal step so 0.5 or 2.5 tokens are exact.
  const amounts = sizes.filter((s) => Number.isFinite(s) && s > 0).map((s) => (BigInt(Math.round(s * 1e6)) * scale) / 1_000_000n);
  return [...new Set(amounts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * WETH wei for selling `amountIn`, read off the ladder (see the file comment); undefined when
 * the ladder is empty or `amountIn` is beyond its largest size.
 * @example interpolateLadder([{ amountIn: 10n, out: 9n }, { amountIn: 100n, out: 81n }], 55n) // 45n
 */
export function interpolateLadder(ladder: readonly QuotePoint[], amountIn: bigint): bigint | undefined {
  if (amountIn <= 0n) return 0n;
  const points = sortedPoints(ladder);
  let previous: QuotePoint = { amountIn: 0n, out: 0n };
  for (const p of points) {
    if (amountIn === p.amountIn) return p.out;
    if (amountIn < p.amountIn) {
      const span = p.amountIn - previous.amountIn;
      const rise = p.out > previous.out ? p.out - previous.out : 0n;
      return previous.out + (rise * (amountIn - previous.amountIn)) / span;
    }
    previous = p;
  }
  return undefined;
}

/**
 * The buy, WETH wei, up to which a buy ladder (WETH in, token out) pays more token than a mint
 * at `rateWad` (WETH wei per 1e18 token wei): the last quoted size whose chord from the previous
 * one still beats the mint's 1e18 / rate token per WETH. On the chords (what interpolateLadder
 * promises) the gain over a mint is concave and peaks at that size. 0n when the first chord
 * does not beat a mint; at most the ladder's reach, beyond which nothing is known.
 * @example ladderFill([{ amountIn: 10n, out: 11n }, { amountIn: 20n, out: 21n }, { amountIn: 30n, out: 30n }], 10n ** 18n) // 20n
 */
export function ladderFill(ladder: readonly QuotePoint[], rateWad: bigint): bigint {
  let previous: QuotePoint = { amountIn: 0n, out: 0n };
  for (const p of sortedPoints(ladder)) {
    if ((p.out - previous.out) * rateWad <= (p.amountIn - previous.amountIn) * WAD) break;
    previous = p;
  }
  return previous.amountIn;
}

/** The largest size the ladder can price (0n for an empty ladder). */
export function ladderReach(ladder: readonly QuotePoint[]): bigint {
  return ladder.reduce((m, p) => (p.amountIn > m ? p.amountIn : m), 0n);
}

/** Ascending by size, positive sizes only, out never falling as size grows (a quote that does is noise). */
function sortedPoints(ladder: readonly QuotePoint[]): QuotePoint[] {
  const sorted = ladder.filter((p) => p.amountIn > 0n).sort((a, b) => (a.amountIn < b.amountIn ? -1 : a.amountIn > b.amountIn ? 1 : 0));
  const out: QuotePoint[] = [];
  let floor = 0n;
  for (const p of sorted) {
    floor = p.out > floor ? p.out : floor;
    out.push({ amountIn: p.amountIn, out: floor });
  }
  return out;
}
