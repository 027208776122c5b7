/**
 * Net yield per position: LRT APY + AVS APR (restaked and delegated) + reward streams paid
 * outside the LRT's rate (src/yield/reward-streams.ts) − fees − slashing hazard (an operator's slashings, the LRT's own write-downs).
 *
 * The one entry point the keeper, `keeper plan` and the backtest call for estimates. Rate
 * history is per LRT symbol (a liquid and a restaked position of one token share it); reward
 * accrual is per operator set and reward token. Each operator set's AVS APR combines the
 * vault's own accrual with the market's published rate (src/yield/published-rates.ts), and
 * the estimate records which one it used.
 */
import type { AvsAprPart, RateSample, YieldEstimate } from '../domain/estimate.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { LrtSymbol, OperatorSetRef, PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_DAY } from '../domain/units.ts';
import { avsAprFromAccrual, tokenPriceWad, type RewardAccrualSample } from './avs-apr.ts';
import { chooseAvsApr, publishedRateFor, type PublishedRatesInput } from './published-rates.ts';
import { DEFAULT_SLASHING_HAZARD, slashingHazard, writeDownHazard, type SlashingHazardOptions } from './slashing-hazard.ts';
import { trailingApy, type TrailingApy } from './trailing-apy.ts';
import { rewardStreamsApr, type RewardStreamsInput } from './reward-streams.ts';

export interface RewardHistory {
  readonly samples: readonly RewardAccrualSample[];
  /** Share of these rewards earned by the position they are looked up for, 0..1. */
  readonly stakeShare: number;
}

export interface EstimatorOptions {
  /** Windows to try, preferred first; the first with enough samples is used. */
  readonly windowsSeconds: readonly number[];
  readonly staleAfterSeconds: number;
  readonly maxRateJumpBps: number;
  readonly minSamples?: number;
  readonly rewardWindowSeconds: number;
  /** Vault fees: a yearly management fee and a performance fee on the gross yield, bps. */
  readonly fees: { readonly managementBps: number; readonly performanceBps: number };
  /** Expected slashing loss of restaked positions (risk.slashing), subtracted from their net APY. */
  readonly slashingHazard: SlashingHazardOptions;
}

export const DEFAULT_ESTIMATOR_OPTIONS: EstimatorOptions = {
  windowsSeconds: [7 * SECONDS_PER_DAY, 30 * SECONDS_PER_DAY, SECONDS_PER_DAY],
  staleAfterSeconds: 3 * 60 * 60,
  maxRateJumpBps: 100,
  rewardWindowSeconds: 30 * SECONDS_PER_DAY,
  fees: { managementBps: 0, performanceBps: 0 },
  slashingHazard: DEFAULT_SLASHING_HAZARD,
};

export interface EstimatorInput {
  readonly snapshot: Snapshot;
  readonly specs: readonly PositionSpec[];
  /** Unix seconds now (wall clock; staleness is judged against it). */
  readonly now: number;
  readonly rateHistory: Readonly<Partial<Record<LrtSymbol, readonly RateSample[]>>>;
  /** Keyed by rewardKey(operatorSet, positionId). */
  readonly rewardHistory?: Readonly<Record<string, RewardHistory>>;
  /** Market-wide reward rates per operator set (absent: accrual only). Stale ones (older than rewardWindowSeconds) are ignored. */
  readonly publishedRewardRates?: PublishedRatesInput | undefined;
  readonly options: EstimatorOptions;
  /** Rewards the LRTs pay outside their rate (lrts[].rewardStreams); absent: none. */
  readonly rewardStreams?: RewardStreamsInput | undefined;
  /** Rate fits made before for this same history and options, reused (see RateFitCache); absent: kept for this call only. */
  readonly rateFits?: RateFitCache | undefined;
}

/**
 * Rate fits by symbol, time and window. A fit depends on the rate history up to `now` and the
 * options only, not on the book: a backtest's four runs over one market, and a liquid and a
 * restaked position of one LRT, would otherwise fit the same samples again (on hourly steps the
 * fits were nine tenths of a backtest's time). Share one only between inputs that have the same
 * rate history up to `now` and the same options.
 */
export type RateFitCache = Map<string, TrailingApy>;

/** Key of the reward history of one operator set, as earned by one position. */
export function rewardKey(set: OperatorSetRef, positionId: string): string {
  return `${sameAddressKey(set.avs)}-${set.id}-${sameAddressKey(set.rewardToken)}-${positionId}`;
}

const sameAddressKey = (address: string): string => address.toLowerCase();

/** One estimate per spec, in spec order. */
export function estimateYields(input: EstimatorInput): YieldEstimate[] {
  // Positions of one LRT (liquid, restaked) share its fits even when the caller keeps no cache.
  const shared = input.rateFits === undefined ? { ...input, rateFits: new Map() } : input;
  return input.specs.map((spec) => estimatePosition(spec, shared));
}

function estimatePosition(spec: PositionSpec, input: EstimatorInput): YieldEstimate {
  const { options, now } = input;
  const history = input.rateHistory[spec.symbol] ?? [];
  const reasons: string[] = [];

  const fit = (windowSeconds: number): TrailingApy => {
    const key = `${spec.symbol}:${now}:${windowSeconds}`;
    const known = input.rateFits?.get(key);
    if (known !== undefined) return known;
    const r = trailingApy(history, {
      now,
      windowSeconds,
      staleAfterSeconds: options.staleAfterSeconds,
      maxJumpBps: options.maxRateJumpBps,
      noiseWindowSeconds: Math.max(...options.windowsSeconds),
      ...(options.minSamples === undefined ? {} : { minSamples: options.minSamples }),
    });
    input.rateFits?.set(key, r);
    return r;
  };
  let chosen = undefined as TrailingApy | undefined;
  for (const windowSeconds of options.windowsSeconds) {
    const r = fit(windowSeconds);
    chosen ??= r;
    if (r.ok) {
      chosen = r;
      break;
    }
    reasons.push(`window ${windowSeconds}s: ${r.reasons.join('; ')}`);
  }
  const lrt = chosen ?? trailingApy([], { now, windowSeconds: 0, staleAfterSeconds: options.staleAfterSeconds });
  if (lrt.ok) reasons.push(...lrt.reasons);

  const avs = spec.eigen ? avsAprOf(spec, input, reasons) : { apr: 0, parts: [] };
  const avsApr = avs.apr;
  const streams = rewardStreamsApr(spec, input.specs, input.snapshot, now, input.rewardStreams);
  for (const part of streams.parts) reasons.push(...part.reasons.map((m) => `reward stream ${part.stream}: ${m}`));
  const gross = lrt.apy + avsApr + streams.apr;
  const feesApy = options.fees.managementBps / 10_000 + (Math.max(0, gross) * options.fees.performanceBps) / 10_000;
  const slashed = slashingHazard(spec, input.snapshot.slashing, options.slashingHazard);
  const writtenDown = writeDownHazard(lrt.ok ? lrt.writtenDown : 0, options.slashingHazard);
  reasons.push(...slashed.reasons, ...writtenDown.reasons);
  const hazardApy = Math.min(1, slashed.apy + writtenDown.apy);
  return {
    positionId: spec.id,
    lrtApy: lrt.apy,
    avsApr,
    feesApy,
    slashingApy: hazardApy,
    netApy: gross - feesApy - hazardApy,
    netApyStdErr: lrt.apyStdErr,
    windowSeconds: lrt.windowSeconds,
    samples: lrt.samples,
    stale: lrt.stale || !lrt.ok,
    lastJumpBps: lrt.lastJumpBps,
    ...(spec.eigen ? { avsParts: avs.parts } : {}),
    ...(streams.parts.length > 0 ? { streamApr: streams.apr, streamParts: streams.parts } : {}),
    reasons,
  };
}

function avsAprOf(spec: PositionSpec, input: EstimatorInput, reasons: string[]): { apr: number; parts: AvsAprPart[] } {
  const eigen = spec.eigen;
  if (eigen === undefined) return { apr: 0, parts: [] };
  const obs = input.snapshot.positions.find((p) => p.positionId === spec.id);
  if (obs === undefined) {
    reasons.push('no observation: AVS APR 0');
    return { apr: 0, parts: [] };
  }
  // Rewards follow delegation: a staker delegated to another operator earns nothing here.
  // One not delegated at all earns nothing yet, but the planner delegates to the position's
  // operator before restaking, so the market's published rate is what it would earn.
  const delegated = input.snapshot.delegatedTo;
  if (delegated !== undefined && sameAddressKey(delegated) !== sameAddressKey(eigen.operator)) {
    reasons.push('not delegated to the position operator: AVS APR 0');
    return { apr: 0, parts: [] };
  }
  if (input.publishedRewardRates?.ok === false) reasons.push(`published reward rates unavailable: ${input.publishedRewardRates.reason}`);
  const parts: AvsAprPart[] = [];
  let total = 0;
  for (const set of eigen.operatorSets) {
    const label = `operator set ${set.avs}/${set.id}`;
    const accrual = delegated === undefined ? undefined : accrualApr(spec, set, obs.valueWei, input, (m) => reasons.push(`${label}: ${m}`));
    if (delegated === undefined) reasons.push(`${label}: not delegated yet: no accrual`);
    const published = publishedRateFor(input.publishedRewardRates, set, eigen.strategy, input.now, input.options.rewardWindowSeconds, eigen.operator);
    // An unavailable source was reported once above; other reasons (absent, stale) are per set.
    if ('reason' in published && input.publishedRewardRates?.ok !== false) reasons.push(`${label}: ${published.reason}`);
    const choice = chooseAvsApr(accrual, 'apr' in published ? published.apr : undefined);
    reasons.push(...choice.reasons.map((m) => `${label}: ${m}`));
    parts.push({
      operatorSet: `${set.avs}/${set.id}`,
      source: choice.source,
      apr: choice.apr,
      ...(accrual === undefined ? {} : { accrualApr: accrual }),
      ...('apr' in published ? { publishedApr: published.apr } : {}),
    });
    total += choice.apr;
  }
  return { apr: total, parts };
}

/** The set's APR from the vault's own accrual, or undefined when accrual measured nothing usable. */
function accrualApr(spec: PositionSpec, set: OperatorSetRef, valueWei: bigint, input: EstimatorInput, note: (m: string) => void): number | undefined {
  const history = input.rewardHistory?.[rewardKey(set, spec.id)];
  const reward = input.snapshot.rewards.find((r) => sameAddressKey(r.token) === sameAddressKey(set.rewardToken));
  if (history === undefined || reward?.dex === undefined) {
    note(history === undefined ? 'no reward history' : 'no price for reward token');
    return undefined;
  }
  const r = avsAprFromAccrual({
    samples: history.samples,
    now: input.now,
    windowSeconds: input.options.rewardWindowSeconds,
    priceWad: tokenPriceWad(reward.dex, reward.decimals),
    decimals: reward.decimals,
    stakeShare: history.stakeShare,
    positionValueWei: valueWei,
  });
  for (const m of r.reasons) note(m);
  return r.ok ? r.apr : undefined;
}
