/**
 * Reward token prices kept beside the LRT rates (the same Redis history, one series per token),
 * so the planner weighs each token's price risk against gas when it times a claim-and-sell, as
 * the backtest does: a token falling 90 % must not sit unclaimed because claims look only at
 * gas. The price is the token's own pool price at each observed block, in vault asset per token.
 */
import type { Snapshot } from '../domain/snapshot.ts';
import { REWARD_PRICE_WINDOW_SECONDS, rewardPriceRiskApy } from '../plan/claim-timing.ts';
import { wadToNumber } from '../domain/units.ts';
import { tokenPriceWad } from '../yield/avs-apr.ts';
import type { RateHistory, RateSeries } from '../state/rate-history.ts';

/**
 * One price per hour is kept (the first read of each hour): block-to-block prices carry the
 * pool's own noise (each trade's impact, arbitrage lag), which the variance term would read as
 * a year's worth of volatility, and a week of 12 s blocks (50,400 reads) would not fit the
 * history's sample bound, so the week's window would silently shrink to under three days.
 */
const SAMPLE_SPACING_SECONDS = 3_600;

/** The history series of a reward token's price. */
export function rewardPriceSeries(token: string): RateSeries {
  return `reward:${token.toLowerCase()}`;
}

/**
 * Vault asset wei per whole token (1e`decimals` token wei), wad, from the token's pool; undefined without a pool or liquidity.
 * @example rewardPriceWad({ decimals: 18, dex: { token: 1_000n * E, weth: 2n * E } }) // 0.002 ETH per token: 2n * 10n ** 15n
 */
export function rewardPriceWad(reward: Pick<Snapshot['rewards'][number], 'decimals' | 'dex'>): bigint | undefined {
  if (reward.dex === undefined || reward.dex.token <= 0n || reward.dex.weth <= 0n) return undefined;
  const price = tokenPriceWad(reward.dex, reward.decimals);
  return price > 0n ? price : undefined;
}

/** Keeps a reward token's price read at `timestamp`, unless this hour already has one. */
export async function appendRewardPrice(history: RateHistory, token: string, timestamp: number, priceWad: bigint): Promise<void> {
  await history.append(rewardPriceSeries(token), { timestamp: Math.floor(timestamp / SAMPLE_SPACING_SECONDS) * SAMPLE_SPACING_SECONDS, rateWad: priceWad });
}

/** Adds this block's price of every reward token with a pool (the hour's first, appendRewardPrice). */
export async function appendRewardPrices(history: RateHistory, snapshot: Pick<Snapshot, 'rewards' | 'timestamp'>): Promise<void> {
  await Promise.all(
    snapshot.rewards.map(async (reward) => {
      const rateWad = rewardPriceWad(reward);
      if (rateWad !== undefined) await appendRewardPrice(history, reward.token, snapshot.timestamp, rateWad);
    }),
  );
}

/**
 * Each reward token's price risk (claim-timing's rewardPriceRiskApy over the past week's
 * prices), by token address in lower case, for every token with a pool; under three samples
 * it is 0 (no evidence of risk).
 */
export async function rewardPriceRisk(history: RateHistory, snapshot: Pick<Snapshot, 'rewards' | 'timestamp'>, windowSeconds = REWARD_PRICE_WINDOW_SECONDS): Promise<Record<string, number>> {
  const priced = snapshot.rewards.filter((r) => r.dex !== undefined);
  const windows = await Promise.all(priced.map((r) => history.window(rewardPriceSeries(r.token), snapshot.timestamp - windowSeconds, snapshot.timestamp)));
  return Object.fromEntries(priced.map((r, i) => [r.token.toLowerCase(), rewardPriceRiskApy((windows[i] ?? []).map((s) => ({ timestamp: s.timestamp, price: wadToNumber(s.rateWad) })))]));
}
