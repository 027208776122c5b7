/**
 * The reward tokens' price risk as the keeper would see it at a step: each token's pool price
 * over the past week (one read per step, nothing from the future), turned into an expected
 * yearly loss of holding it unsold by the planner's own rule (claim-timing's
 * rewardPriceRiskApy). The planner weighs that against gas when it times a claim-and-sell.
 */
import { REWARD_PRICE_WINDOW_SECONDS, rewardPriceRiskApy, type TokenPriceSample } from '../plan/claim-timing.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { nameAddress } from './specs.ts';

/**
 * Price risk per reward token (address in lower case) from the prices seen up to step `s`.
 * @example rewardPriceRiskAt(market, 100, doc)['0x…'] // 3: a token quartering in a year
 */
export function rewardPriceRiskAt(market: readonly MarketStep[], s: number, doc: ScenarioDoc, windowSeconds = REWARD_PRICE_WINDOW_SECONDS): Record<string, number> {
  const now = (market[s] as MarketStep).timestamp;
  const out: Record<string, number> = {};
  for (const t of doc.rewardTokens) {
    const samples: TokenPriceSample[] = [];
    for (let j = s; j >= 0 && (market[j] as MarketStep).timestamp >= now - windowSeconds; j--) {
      const m = market[j] as MarketStep;
      const pool = m.rewardPools[t.symbol];
      if (pool !== undefined) samples.push({ timestamp: m.timestamp, price: pool.priceEth });
    }
    out[nameAddress('token', t.symbol).toLowerCase()] = rewardPriceRiskApy(samples);
  }
  return out;
}
