/**
 * Sanity checks on one observation. Each failed check is a reason to reject the whole tick:
 * a strategy must never act on an answer from another chain, from a node that fell behind,
 * with a hole in it, or with a rate that jumped further than a real LRT rate can move.
 */
import type { ReadFailure } from '../chain/read-batch.ts';
import type { RateSample } from '../domain/estimate.ts';
import type { LrtSymbol } from '../domain/types.ts';
import { deviationBps } from '../domain/units.ts';
import type { Observation } from './assemble.ts';

export interface HeadCheck {
  readonly expectedChainId: number;
  /** Highest block accepted before for this vault. */
  readonly lastBlock?: number;
}

export interface RateCheck {
  /** Newest stored sample per LRT at or before the observed timestamp. */
  readonly lastRates: Readonly<Partial<Record<LrtSymbol, RateSample>>>;
  readonly maxRateJumpBps: number;
}

/** Reasons for sub-calls that reverted or did not decode. */
export function failureReasons(failures: readonly ReadFailure[]): string[] {
  return failures.map((f) => `sub-call ${f.label} failed: ${f.reason}`);
}

/**
 * Chain id and block order. A block equal to the last one is fine (a re-read); an older one
 * means a lagging or different node answered.
 * @example headReasons(1, 99, { expectedChainId: 1, lastBlock: 100 }) // ['block 99 is older than …']
 */
export function headReasons(chainId: number, block: number, check: HeadCheck): string[] {
  const reasons: string[] = [];
  if (chainId !== check.expectedChainId) reasons.push(`wrong chain id: got ${chainId}, expected ${check.expectedChainId}`);
  if (check.lastBlock !== undefined && block < check.lastBlock) reasons.push(`block ${block} is older than the last seen block ${check.lastBlock}`);
  return reasons;
}

/** Rates that are zero or moved more than the limit since the newest stored sample. */
export function rateReasons(observation: Observation, check: RateCheck): string[] {
  const reasons: string[] = [];
  for (const [symbol, rate] of Object.entries(observation.rates) as [LrtSymbol, bigint][]) {
    if (rate <= 0n) {
      reasons.push(`${symbol} rate is 0`);
      continue;
    }
    const last = check.lastRates[symbol];
    if (last === undefined) continue;
    const moved = deviationBps(rate, last.rateWad);
    if (Math.abs(moved) > check.maxRateJumpBps) {
      reasons.push(
        `${symbol} rate moved ${moved.toFixed(2)} bps since the sample at ${last.timestamp} (${last.rateWad} -> ${rate}); limit ${check.maxRateJumpBps} bps`,
      );
    }
  }
  return reasons;
}
