/**
 * Realised performance of a vault from its share price over time: what a depositor really
 * earned, net of gas, slippage, losses and fees, to set against the APY the keeper expected
 * when it decided. Pure: samples in, numbers out.
 *
 * The share price is assets per share (ERC-4626 totalAssets / totalSupply), so deposits and
 * redemptions do not move it; for a book without shares (the eoa backend) the "price" is the
 * book's total value, and flows in or out of that account show up as performance.
 */
import { SECONDS_PER_DAY, SECONDS_PER_YEAR, WAD } from '../domain/units.ts';

export interface SharePriceSample {
  readonly block: number;
  /** Block timestamp, unix seconds. */
  readonly timestamp: number;
  /** Asset wei per 1e18 share wei (or the book's total value in wei when it has no shares). */
  readonly priceWad: bigint;
}

export interface RealisedApy {
  /** Annualised, compounded: (end / start)^(year / span) − 1, as a fraction. */
  readonly apy: number;
  /** Plain growth over the span, as a fraction. */
  readonly growth: number;
  readonly fromTimestamp: number;
  readonly toTimestamp: number;
}

/** The windows a person reads: a day, a week, a month, and since the first sample. */
export const PERFORMANCE_WINDOWS = [
  { name: '1d', seconds: SECONDS_PER_DAY },
  { name: '7d', seconds: 7 * SECONDS_PER_DAY },
  { name: '30d', seconds: 30 * SECONDS_PER_DAY },
  { name: 'inception', seconds: Number.POSITIVE_INFINITY },
] as const;

export type WindowName = (typeof PERFORMANCE_WINDOWS)[number]['name'];

/**
 * A window is reported only when the samples cover at least half of it (inception: at least
 * a day): an hour of growth annualised says nothing about a year.
 */
const MIN_COVERAGE = 0.5;

/** Share price of an ERC-4626 vault; undefined with no shares outstanding. */
export function sharePriceWad(totalAssetsWei: bigint, totalSupplyWei: bigint): bigint | undefined {
  if (totalSupplyWei <= 0n) return undefined;
  return (totalAssetsWei * WAD) / totalSupplyWei;
}

/**
 * Realised APY over the window ending at the newest sample; undefined when the samples do
 * not cover enough of it or a price is not positive.
 * @example realisedApy([{ block: 1, timestamp: 0, priceWad: WAD }, { block: 2, timestamp: 86_400, priceWad: 1_000_1n * WAD / 1_000_0n }], 86_400)
 *   // apy ≈ 0.0372 (0.01% a day)
 */
export function realisedApy(samples: readonly SharePriceSample[], windowSeconds: number): RealisedApy | undefined {
  const end = samples.at(-1);
  if (end === undefined) return undefined;
  const wantedStart = end.timestamp - windowSeconds;
  // The oldest sample inside the window (or the first sample at all for "inception").
  const start = samples.find((s) => s.timestamp >= wantedStart);
  if (start === undefined || start.priceWad <= 0n || end.priceWad <= 0n) return undefined;
  const span = end.timestamp - start.timestamp;
  const needed = Number.isFinite(windowSeconds) ? windowSeconds * MIN_COVERAGE : SECONDS_PER_DAY;
  if (span <= 0 || span < needed) return undefined;
  const ratio = Number((end.priceWad * 10n ** 12n) / start.priceWad) / 1e12;
  return { apy: Math.expm1((Math.log(ratio) * SECONDS_PER_YEAR) / span), growth: ratio - 1, fromTimestamp: start.timestamp, toTimestamp: end.timestamp };
}

/** Every window of PERFORMANCE_WINDOWS; samples must be in time order. */
export function realisedApys(samples: readonly SharePriceSample[]): Record<WindowName, RealisedApy | undefined> {
  return Object.fromEntries(PERFORMANCE_WINDOWS.map((w) => [w.name, realisedApy(samples, w.seconds)])) as Record<WindowName, RealisedApy | undefined>;
}
