/**
 * The keeper's use of the Redis rate history: one namespace per chain, the reference sample
 * for the observer's jump check, appending accepted ticks, and bootstrapping from the chain
 * when Redis has too few samples for the estimator.
 */
import type { Redis } from 'ioredis';
import type { RateSample } from '../domain/estimate.ts';
import type { LrtSymbol } from '../domain/types.ts';
import { SECONDS_PER_DAY } from '../domain/units.ts';
import { RATE_HISTORY_MAX_AGE_SECONDS, RATE_HISTORY_MAX_SAMPLES, createRateHistory, type RateHistory } from '../state/rate-history.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Observation } from '../observe/assemble.ts';
import type { KeeperConfig } from '../config/schema.ts';
import { DEVNET_CHAIN_ID } from '../config/placeholder-address.ts';
import { bootstrapRates } from '../observe/bootstrap.ts';
import type { ObserveTargets } from '../observe/targets.ts';
import type { RpcTransport } from '../observe/transport.ts';


export interface BootstrapPolicy {
  /** Bootstrap when any LRT has fewer samples than this in the estimator's longest window. */
  readonly minSamples: number;
  readonly samples: number;
  readonly spanSeconds: number;
  /** Oldest block worth sampling (a devnet's startBlock: before it, rates did not move). */
  readonly minBlock?: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapPolicy = { minSamples: 3, samples: 24, spanSeconds: SECONDS_PER_DAY };

/**
 * Seconds between the rate samples kept outside the devnet, unless `queue.schedules.rateSampleEverySeconds`
 * says otherwise. Observing every block kept one sample per block: 20,000 of them held 2.8
 * days, not the 35 the estimator's windows read (its 30-day noise and write-down window held
 * under 3 days, a rate updated daily showed two updates, one updated weekly none), and each
 * fit ran over 20,000 samples (81 ms per LRT per vault-tick). Ten minutes keep 35 days in 5,040
 * samples; the 1-day window still holds 144 and the observer checks every block's rate anyway.
 */
export const RATE_SAMPLE_SPACING_SECONDS = 600;

/** Seconds between kept rate samples for this config: as configured, else one per observation on the devnet (its runs are minutes long) and RATE_SAMPLE_SPACING_SECONDS elsewhere. */
export function rateSampleSpacing(config: Pick<KeeperConfig, 'chain' | 'queue'>): number {
  return config.queue.schedules.rateSampleEverySeconds ?? (config.chain.chainId === DEVNET_CHAIN_ID ? 1 : RATE_SAMPLE_SPACING_SECONDS);
}

/** Rates are facts about a chain, shared by every vault on it: keyed by prefix and chain id. */
export function rateHistoryFor(redis: Redis, config: Pick<KeeperConfig, 'chain' | 'queue'>): RateHistory {
  return createRateHistory(redis, {
    prefix: `${config.queue.prefix}:chain-${config.chain.chainId}:`,
    maxSamples: RATE_HISTORY_MAX_SAMPLES,
    maxAgeSeconds: RATE_HISTORY_MAX_AGE_SECONDS,
    minSpacingSeconds: rateSampleSpacing(config),
  });
}

/**
 * The stored history with the observation's rates as each LRT's newest sample. Samples are kept
 * once per rateSampleSpacing, so the newest stored one can be that old: an estimate judged
 * stale after risk.staleAfterSeconds (300-600 s) would flicker stale between kept samples, and
 * a rate's newest move would reach the estimator (and its RATE_JUMP breaker) only with the next
 * kept sample. The stored arrays are shared by every vault of the block: new arrays are returned.
 * @example withObservedRates({ weETH: [{ timestamp: 0, rateWad: r0 }] }, { weETH: r1 }, 600) // { weETH: [{ 0, r0 }, { 600, r1 }] }
 */
export function withObservedRates(
  samples: Readonly<Partial<Record<LrtSymbol, readonly RateSample[]>>>,
  rates: Readonly<Partial<Record<LrtSymbol, bigint>>>,
  timestamp: number,
): Partial<Record<LrtSymbol, readonly RateSample[]>> {
  const out: Partial<Record<LrtSymbol, readonly RateSample[]>> = { ...samples };
  for (const [symbol, rateWad] of Object.entries(rates) as [LrtSymbol, bigint][]) {
    const stored = samples[symbol] ?? [];
    const newest = stored[stored.length - 1];
    if (rateWad > 0n && (newest === undefined || newest.timestamp < timestamp)) out[symbol] = [...stored, { timestamp, rateWad }];
  }
  return out;
}

/** Appends each LRT's rate of the observation; the series are independent keys, so the appends go out together. */
export async function appendObservation(history: RateHistory, observation: Observation): Promise<void> {
  const timestamp = observation.snapshot.timestamp;
  await Promise.all((Object.entries(observation.rates) as [LrtSymbol, bigint][]).map(([symbol, rateWad]) => history.append(symbol, { timestamp, rateWad })));
}

export interface HistoryLoad {
  readonly samples: Partial<Record<LrtSymbol, RateSample[]>>;
  /** Samples added from past blocks this tick (0 when Redis had enough). */
  readonly bootstrapped: number;
}

/**
 * The estimator's rate history up to `timestamp`, bootstrapped from the chain first when
 * some LRT has fewer than `policy.minSamples` samples in the window.
 */
export async function loadRateHistory(
  deps: { history: RateHistory; rpc: RpcTransport; logger: Logger },
  targets: ObserveTargets,
  window: { timestamp: number; block: number; seconds: number },
  policy: BootstrapPolicy = DEFAULT_BOOTSTRAP,
): Promise<HistoryLoad> {
  // Every LRT's window in one round trip.
  const read = async (): Promise<Partial<Record<LrtSymbol, RateSample[]>>> => {
    const windows = await Promise.all(targets.lrts.map((lrt) => deps.history.window(lrt.symbol, window.timestamp - window.seconds, window.timestamp)));
    return Object.fromEntries(targets.lrts.map((lrt, i) => [lrt.symbol, windows[i] ?? []]));
  };
  const samples = await read();
  if (!targets.lrts.some((l) => (samples[l.symbol]?.length ?? 0) < policy.minSamples)) return { samples, bootstrapped: 0 };

  const past = await bootstrapRates(
    deps.rpc,
    targets,
    {
      headBlock: window.block,
      samples: policy.samples,
      spanBlocks: Math.ceil(policy.spanSeconds / targets.secondsPerBlock),
      ...(policy.minBlock === undefined ? {} : { minBlock: policy.minBlock }),
    },
    deps.logger,
  );
  let bootstrapped = 0;
  for (const [symbol, list] of Object.entries(past) as [LrtSymbol, RateSample[]][]) {
    for (const sample of list) if (await deps.history.append(symbol, sample)) bootstrapped += 1;
  }
  return { samples: bootstrapped > 0 ? await read() : samples, bootstrapped };
}
