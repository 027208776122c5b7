/**
 * The claim history a reward stream's `claims` rate is measured from (yield/reward-streams.ts):
 * what the stream's distributor owes the holder in all, each time the keeper reads it from a
 * proof that checked against the chain (the compound job, `keeper plan`, `keeper execute`).
 * It lives in the rate history beside the LRT rates, trimmed like them (35 days: a longer
 * windowDays sees 35 days), one series per holder and stream, in 18-decimal units so the
 * estimator needs no decimals; the token's price goes beside AVS reward tokens' prices
 * (`reward:<token>`). The per-block tick only reads it: two reads per stream whose rate is
 * measured from claims, none for announced rates or points, all in one round trip.
 */
import type { RewardStreamConfig } from '../config/reward-streams-schema.ts';
import type { LrtSymbol } from '../domain/types.ts';
import { SECONDS_PER_DAY } from '../domain/units.ts';
import type { StreamAmountSample } from '../rewards/streams/claimables.ts';
import type { RateHistory, RateSeries } from '../state/rate-history.ts';
import { streamKey, type StreamMarket } from '../yield/reward-streams.ts';
import { appendRewardPrice, rewardPriceSeries } from './reward-prices.ts';

/** The series of what `stream` of `lrt` owes `holder` in all. */
export function streamAmountSeries(holder: string, lrt: LrtSymbol, stream: string): RateSeries {
  return `stream:${holder.toLowerCase()}:${lrt}/${stream}`;
}

/** Token units → 18-decimal units. */
function toWad(amount: bigint, decimals: number): bigint {
  return decimals <= 18 ? amount * 10n ** BigInt(18 - decimals) : amount / 10n ** BigInt(decimals - 18);
}

/**
 * Adds this read's amounts (and the prices read with them) at `timestamp`, all appends sent
 * together: each is one atomic, idempotent script, and Redis runs them in the order sent (the
 * first price of a token at a timestamp is the one kept, as before).
 * @example await recordStreamSamples(history, vault, snapshot.timestamp, samples)
 */
export async function recordStreamSamples(history: RateHistory, holder: string, timestamp: number, samples: readonly StreamAmountSample[]): Promise<void> {
  // A zero row (real trees hold them) says nothing about the rate, and the history keeps positive values only.
  const paid = samples.filter((s) => s.cumulativeAmount > 0n);
  await Promise.all(
    paid.flatMap((s) => [
      history.append(streamAmountSeries(holder, s.lrt, s.stream), { timestamp, rateWad: toWad(s.cumulativeAmount, s.decimals) }),
      ...(s.priceWad !== undefined && s.priceWad > 0n ? [appendRewardPrice(history, s.token, timestamp, s.priceWad)] : []),
    ]),
  );
}

/**
 * The markets of the streams whose rate is measured from claims, keyed by streamKey, from the
 * history up to `now`; a stream never read has no samples (the estimator says so and counts 0).
 * @example const markets = await streamMarkets(history, config.lrts, vault, now)
 */
export async function streamMarkets(
  history: RateHistory,
  lrts: readonly { readonly symbol: LrtSymbol; readonly rewardStreams: readonly RewardStreamConfig[] }[],
  holder: string,
  now: number,
): Promise<Record<string, StreamMarket>> {
  // Every stream's window and price in one round trip.
  const entries = await Promise.all(
    lrts.flatMap((lrt) =>
      lrt.rewardStreams.flatMap((stream) => {
        if (stream.kind !== 'token' || stream.rate.source !== 'claims') return [];
        const from = now - stream.rate.windowDays * SECONDS_PER_DAY;
        return [
          (async (): Promise<[string, StreamMarket]> => {
            const [window, latest] = await Promise.all([history.window(streamAmountSeries(holder, lrt.symbol, stream.name), from, now), history.latest(rewardPriceSeries(stream.token), now)]);
            const samples = window.map((s) => ({ timestamp: s.timestamp, cumulativeAmount: s.rateWad }));
            return [streamKey(lrt.symbol, stream.name), { decimals: 18, samples, ...(latest === undefined ? {} : { priceWad: latest.rateWad }) }];
          })(),
        ];
      }),
    ),
  );
  return Object.fromEntries(entries);
}
