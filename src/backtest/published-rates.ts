/**
 * The scenario's AVS rates as the market-wide "published" rates the live keeper reads from
 * operator-sets.json, so the replayed estimator combines accrual and published rates exactly
 * as it does live (src/yield/published-rates.ts). One publication per step, dated that step.
 */
import type { PositionSpec } from '../domain/types.ts';
import type { PublishedRatesInput, PublishedRewardRate } from '../yield/published-rates.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { nameAddress } from './specs.ts';

/** The asset the backtest values everything in. */
export const BACKTEST_ASSET = nameAddress('token', 'WETH');

/**
 * Every operator set of the restaked specs with its AVS's APR at this step, 0 when its reward
 * token has no pool (the book could not value or sell it, so it pays nothing in ETH).
 * @example publishedRatesAt(market[s], specs, doc).published.rates[0].apr // 0.012
 */
export function publishedRatesAt(market: MarketStep, specs: readonly PositionSpec[], doc: ScenarioDoc): PublishedRatesInput & { ok: true } {
  const rates: PublishedRewardRate[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const eigen = spec.eigen;
    if (eigen === undefined) continue;
    const operator = doc.operators.find((o) => nameAddress('operator', o.name) === eigen.operator);
    eigen.operatorSets.forEach((set, i) => {
      const key = `${set.avs}-${set.id}-${set.rewardToken}`;
      if (seen.has(key)) return;
      seen.add(key);
      const avs = doc.avs.find((a) => a.name === operator?.avs[i]);
      const priced = avs !== undefined && market.rewardPools[avs.rewardToken] !== undefined;
      const apr = priced ? (market.avsAprBps[avs.name] ?? 0) / 10_000 : 0;
      rates.push({ avs: set.avs, operatorSetId: set.id, rewardToken: set.rewardToken, apr, publishedAt: market.timestamp });
    });
  }
  return { ok: true, published: { asset: BACKTEST_ASSET, rates } };
}
