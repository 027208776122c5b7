/**
 * Where market-wide AVS reward rates come from: per operator set (and operator and strategy),
 * what it pays a year per unit of stake, valued in the vault asset. The estimator uses them
 * when the vault has no accrual of its own for a set and to see a reward stop at once instead
 * of after the accrual window (src/yield/published-rates.ts).
 *
 * The source is the RewardsCoordinator itself: src/rewards/chain-rates-source.ts rebuilds the
 * rates from its submission and split events, on mainnet and on the devnet alike.
 */
import { KeeperError } from '../domain/errors.ts';
import type { PublishedRatesInput, PublishedRewardRates } from '../yield/published-rates.ts';

export type { PublishedRewardRates } from '../yield/published-rates.ts';

/** The block a tick observed; rates are computed for it. */
export interface RatesAt {
  readonly block: number;
  readonly timestamp: number;
}

export interface RewardRatesSource {
  /** The rates as of `at`; undefined when there is nothing to say (no rewards configured). Throws on failure. */
  rates(at: RatesAt): Promise<PublishedRewardRates | undefined>;
}

/** A source that never has rates: accrual only. */
export const NO_REWARD_RATES: RewardRatesSource = { rates: async () => undefined };

/**
 * The estimator's input from a source, for a vault whose asset is `asset`. Never throws for
 * bad data: a failure, or rates valued in another asset, becomes a reason and the estimator
 * falls back to accrual. Undefined when there is no source or nothing is published.
 * @example estimateYields({ …, publishedRewardRates: await publishedRatesInput(deps.rewardRates, config.universe.weth, snapshot) })
 */
export async function publishedRatesInput(source: RewardRatesSource | undefined, asset: string, at: RatesAt): Promise<PublishedRatesInput | undefined> {
  if (source === undefined) return undefined;
  let published: PublishedRewardRates | undefined;
  try {
    published = await source.rates(at);
  } catch (err) {
    // Rates only refine the estimate: whatever went wrong, the tick goes on with accrual.
    const reason = err instanceof KeeperError ? [err.shortMessage, ...err.details].join('; ') : err instanceof Error ? err.message : String(err);
    return { ok: false, reason };
  }
  if (published === undefined) return undefined;
  if (published.asset.toLowerCase() !== asset.toLowerCase()) {
    return { ok: false, reason: `rates are valued in ${published.asset}, not the vault asset ${asset}` };
  }
  return { ok: true, published };
}
