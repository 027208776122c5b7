/**
 * Pricing a sale from a venue's quote ladder (a few sizes quoted in the observe multicall,
 * e.g. QuoterV2.quoteExactInputSingle for 1, 10, 100, 1,000 and 10,000 tokens).
 *
 * What a pool pays for a size is concave in the size (each extra token gets a worse price), so
 * the straight line between two quoted sizes lies at or below the true curve, and so does the
 * line from zero to the smallest quote. Interpolating this way can only under-promise: the
 * min-out and the exit-cost model stay on the safe side. Beyond the largest quoted size the
 * curve is unknown (the next tick of liquidity may be far away), so there is no quote.
 */
import type { QuotePoint } from '../domain/snapshot.ts';

/** Default ladder, in whole tokens: a decade apart from a small sale to a whole large book. */
export const DEFAULT_QUOTE_SIZES: readonly number[] = [1, 10, 100, 1_000, 10_000];

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
