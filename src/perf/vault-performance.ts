/**
 * The performance block of `keeper status` and the vault page: the share price now, realised
 * APY per window, gas paid, and the APY the keeper expected at its last decision (the
 * resulting weights times each position's estimated net APY; idle earns nothing). Pure.
 */
import type { DecisionRecord, RejectedRecord } from '../state/audit.ts';
import { BPS } from '../domain/units.ts';
import { PERFORMANCE_WINDOWS, realisedApys, type SharePriceSample, type WindowName } from './realised-apy.ts';

export interface FeesTakenSummary {
  managementWei: bigint;
  performanceWei: bigint;
  fromBlock: number;
  toBlock: number;
  /** fromBlock is the vault's deployment (vaults[].deployedAtBlock), or the keeper's first share-price sample when the config has none. */
  since: 'deployment' | 'first-sample';
  firstSampleBlock: number;
  /** The part minted before firstSampleBlock, valued at the first recorded share price. */
  beforeFirstSampleWei: bigint;
}

export interface VaultPerformance {
  /** Newest sample: asset wei per 1e18 shares (eoa backend: the book's value in wei). */
  sharePriceWad?: bigint;
  sampledAtBlock?: number;
  /** Realised net APY per window as a fraction; null where the history is too short. */
  realisedApy: Record<WindowName, number | null>;
  gasSpentWei: bigint;
  /** What the keeper expected the book to earn at its last decision, as a fraction. */
  expectedApy?: number;
  /** Fees the vault minted to its fee recipient in blocks fromBlock-toBlock (vault backend), valued at their block's share price. */
  feesTaken?: FeesTakenSummary;
}

/** @example vaultPerformance(await store.history('main'), await store.gasSpentWei('main'), lastDecision) */
export function vaultPerformance(history: readonly SharePriceSample[], gasSpentWei: bigint, last: DecisionRecord | RejectedRecord | undefined, feesTaken?: VaultPerformance['feesTaken']): VaultPerformance {
  const apys = realisedApys(history);
  const newest = history.at(-1);
  const expected = last?.kind === 'decision' ? expectedApy(last) : undefined;
  return {
    ...(newest ? { sharePriceWad: newest.priceWad, sampledAtBlock: newest.block } : {}),
    realisedApy: Object.fromEntries(PERFORMANCE_WINDOWS.map((w) => [w.name, apys[w.name]?.apy ?? null])) as Record<WindowName, number | null>,
    gasSpentWei,
    ...(expected !== undefined ? { expectedApy: expected } : {}),
    ...(feesTaken ? { feesTaken } : {}),
  };
}

/** Σ weight · net APY over the decision's resulting weights (bps of the whole book). */
export function expectedApy(record: DecisionRecord): number | undefined {
  return weightedApy(record.plan.resultingWeights, record.estimates);
}

/**
 * Σ weight · net APY; idle (and any position without an estimate) earns nothing. Undefined
 * when there are no weights.
 * @example weightedApy({ weETH: 5_000 }, [{ positionId: 'weETH', netApy: 0.04 }]) // 0.02
 */
export function weightedApy(weightsBps: Readonly<Record<string, number>>, estimates: readonly { readonly positionId: string; readonly netApy: number }[]): number | undefined {
  const weights = Object.entries(weightsBps);
  if (weights.length === 0) return undefined;
  const apy = new Map(estimates.map((e) => [e.positionId, e.netApy]));
  let sum = 0;
  for (const [id, bps] of weights) sum += (bps / BPS) * (apy.get(id) ?? 0);
  return sum;
}
