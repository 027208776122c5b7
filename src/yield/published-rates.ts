/**
 * Market-wide AVS reward rates per operator set, and the rule that combines them with the
 * vault's own reward accrual into one AVS APR per operator set.
 *
 * Accrual alone cannot see what restaking pays before the vault restakes (no stake, no
 * earnings, APR 0 forever) and sees a reward stop only as the accrual window rolls past it.
 * A published rate (what an AVS pays per unit of stake, valued in the vault asset) fills
 * both gaps. Pure: the estimator receives these as plain data; reading them is
 * src/observe/reward-rates-source.ts's job.
 */
import type { AvsAprPart } from '../domain/estimate.ts';
import type { Address, OperatorSetRef } from '../domain/types.ts';

/** What one operator set pays, as published for the whole market. */
export interface PublishedRewardRate {
  readonly avs: Address;
  readonly operatorSetId: number;
  readonly rewardToken: Address;
  /** Reward value paid per year per unit of stake value, both in the vault asset: 0.012 = 1.2 %/year. */
  readonly apr: number;
  /** Unix seconds the rate was published for. */
  readonly publishedAt: number;
  /** Strategies whose stake earns the rate; absent means every strategy of the set. */
  readonly strategies?: readonly Address[];
  /** The operator whose stakers earn it (splits and operator-directed rewards differ per operator); absent means any. */
  readonly operator?: Address;
}

export interface PublishedRewardRates {
  /** The asset rates are valued in (the vault asset, WETH on the devnet). */
  readonly asset: Address;
  readonly rates: readonly PublishedRewardRate[];
}

/** The estimator's view: the rates, or why there are none this tick (the estimator falls back to accrual). */
export type PublishedRatesInput = { readonly ok: true; readonly published: PublishedRewardRates } | { readonly ok: false; readonly reason: string };

/** Which figure an operator set's AVS APR came from. */
export type AvsAprSource = AvsAprPart['source'];

export interface AvsAprChoice {
  readonly apr: number;
  readonly source: AvsAprSource;
  readonly reasons: readonly string[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The published rate of `set` for stake in `strategy`, or why it cannot be used: absent,
 * not paid to that strategy, or older than `maxAgeSeconds` (a publisher that stopped
 * publishing must not keep a rate alive).
 * @example publishedRateFor(input, set, strategy, now, 30 * 86_400) // { apr: 0.012 } or { reason: '…' }
 */
export function publishedRateFor(
  input: PublishedRatesInput | undefined,
  set: OperatorSetRef,
  strategy: Address,
  now: number,
  maxAgeSeconds: number,
  operator?: Address,
): { readonly apr: number } | { readonly reason: string } {
  if (input === undefined) return { reason: 'no published reward rates source' };
  if (!input.ok) return { reason: input.reason };
  const forSet = input.published.rates.filter(
    (r) => same(r.avs, set.avs) && r.operatorSetId === set.id && same(r.rewardToken, set.rewardToken) && (r.operator === undefined || operator === undefined || same(r.operator, operator)),
  );
  if (forSet.length === 0) return { reason: 'no published rate for this operator set' };
  const rate = forSet.find((r) => r.strategies === undefined || r.strategies.some((s) => same(s, strategy)));
  if (rate === undefined) return { reason: 'published rate does not pay this strategy' };
  const age = now - rate.publishedAt;
  if (age > maxAgeSeconds) return { reason: `published rate is ${age}s old (limit ${maxAgeSeconds}s): ignored` };
  return { apr: rate.apr };
}

/**
 * One operator set's AVS APR from its accrual estimate (undefined when accrual could not be
 * measured: no value in the position, fewer than two samples, no price) and its published
 * rate (undefined when absent or stale).
 *
 * Both: the LOWER one. Accrual lags by up to the reward window, so when an AVS stops paying
 * (or cuts its rate) the published figure shows it at once while accrual still shows the
 * old rate; when the published figure is the higher one, the vault's own earnings are the
 * better evidence of what it is actually paid (a missed registration, a lower share).
 * Only accrual: it. Only published: it. Neither: 0.
 * @example chooseAvsApr(0.015, 0) // { apr: 0, source: 'published', … }
 */
export function chooseAvsApr(accrual: number | undefined, published: number | undefined): AvsAprChoice {
  if (accrual !== undefined && published !== undefined) {
    return published < accrual
      ? { apr: published, source: 'published', reasons: [`published rate ${pct(published)} below accrual ${pct(accrual)}: using published`] }
      : { apr: accrual, source: 'accrual', reasons: [`accrual ${pct(accrual)} at or below published rate ${pct(published)}: using accrual`] };
  }
  if (accrual !== undefined) return { apr: accrual, source: 'accrual', reasons: [`accrual ${pct(accrual)} (no usable published rate)`] };
  if (published !== undefined) return { apr: published, source: 'published', reasons: [`published rate ${pct(published)} (no usable accrual)`] };
  return { apr: 0, source: 'none', reasons: ['neither accrual nor a published rate: AVS APR 0'] };
}

const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;
