/**
 * Reward stream claims as plan actions. The compounding policy (stream-claims.ts) says which
 * streams pay to claim; each of those becomes a claim-stream action followed by the sale of
 * its token through its pool (a swap-reward with a min-out, exactly as AVS rewards are sold),
 * so the proceeds are vault asset in the same bundle and the compound job reinvests them
 * (src/queue/housekeeping-jobs.ts).
 *
 * A stream is never claimed without a way to sell it within the per-swap slippage limit: a
 * token held unsold sits outside the book (the vault values only its positions and WETH), so
 * the keeper's book would no longer equal the chain. Such a stream waits, with the reason.
 */
import type { ClaimStreamAction, SwapRewardAction } from '../domain/plan.ts';
import type { Address } from '../domain/types.ts';
import { GAS } from './gas.ts';
import { rewardSwap } from './rewards.ts';
import { planStreamClaims, type StreamClaimable, type StreamClaimDecision } from './stream-claims.ts';

/** The compounding settings and market the streams are judged with (the same as AVS rewards). */
export interface StreamPolicy {
  readonly enabled: boolean;
  readonly minValueToCostMultiple: number;
  /** `value-multiple`: judge on the value floor alone (no waiting rule). */
  readonly timing?: 'gas-optimal' | 'value-multiple';
  readonly baseFeeWei: bigint;
  readonly priorityFeeWei: bigint;
  /** Yield the proceeds earn once reinvested, as an APY. */
  readonly reinvestApy: number;
  readonly maxSlippageBpsPerSwap: number;
  /** Expected yearly loss of holding each token unsold, by lower-case address (keeper/reward-prices.ts). */
  readonly priceRiskApyByToken?: Readonly<Record<string, number>>;
}

/** The sale of the stream's payout on its pool; undefined without one. */
function saleOf(c: StreamClaimable, maxSlippageBps: number): SwapRewardAction | undefined {
  return c.pool === undefined ? undefined : rewardSwap(c.token as Address, c.payout, c.pool, c.decimals, maxSlippageBps, `sell the ${c.symbol} of ${c.stream}`);
}

/**
 * The policy's decision per stream, with what stops a claim the policy would make: compounding
 * disabled, no checked claim, no pool to sell into, or a sale beyond the slippage limit.
 * @example judgeStreams(claimables, { enabled: true, minValueToCostMultiple: 3, baseFeeWei, priorityFeeWei: 0n, reinvestApy: 0.03, maxSlippageBpsPerSwap: 100 })
 */
export function judgeStreams(claimables: readonly StreamClaimable[], policy: StreamPolicy): StreamClaimDecision[] {
  const timed = claimables.map((c) => {
    const risk = c.priceRiskApy ?? policy.priceRiskApyByToken?.[c.token.toLowerCase()];
    return { ...c, ...(policy.timing === 'value-multiple' ? { rewardWeiPerSecond: 0 } : {}), ...(risk === undefined ? {} : { priceRiskApy: risk }) };
  });
  const decisions = planStreamClaims(timed, { minValueToCostMultiple: policy.minValueToCostMultiple, baseFeeWei: policy.baseFeeWei, priorityFeeWei: policy.priorityFeeWei, reinvestApy: policy.reinvestApy });
  return decisions.map((d, i) => {
    const c = claimables[i];
    if (!d.claim || c === undefined) return d;
    const hold = (why: string): StreamClaimDecision => ({ ...d, claim: false, why: `${d.why}; ${why}` });
    if (!policy.enabled) return hold('compounding disabled');
    if (c.claim === undefined) return hold('no checked claim this tick, left unclaimed');
    const sale = saleOf(c, policy.maxSlippageBpsPerSwap);
    if (sale === undefined) return hold(`no pool to sell ${c.symbol} into (price.uniswapV2Pair), left unclaimed`);
    if (sale.slippageBps > policy.maxSlippageBpsPerSwap) return hold(`selling it would lose ${sale.slippageBps} bps > ${policy.maxSlippageBpsPerSwap} bps, left for later`);
    return d;
  });
}

/**
 * Claim + sale actions of the streams worth claiming; empty when none is.
 * @example streamClaimActions(claimables, policy) // [{ kind: 'claim-stream', … }, { kind: 'swap-reward', … }]
 */
export function streamClaimActions(claimables: readonly StreamClaimable[], policy: StreamPolicy): (ClaimStreamAction | SwapRewardAction)[] {
  const decisions = judgeStreams(claimables, policy);
  const actions: (ClaimStreamAction | SwapRewardAction)[] = [];
  claimables.forEach((c, i) => {
    if (decisions[i]?.claim !== true || c.claim === undefined) return;
    const sale = saleOf(c, policy.maxSlippageBpsPerSwap);
    if (sale === undefined) return;
    const token = c.token as Address;
    actions.push({
      kind: 'claim-stream',
      stream: c.stream,
      distributor: c.claim.distributor as Address,
      token,
      symbol: c.symbol,
      cumulativeAmount: c.claim.cumulativeAmount,
      root: c.claim.root,
      proof: c.claim.proof,
      payout: c.payout,
      gas: GAS['claim-stream'],
      why: decisions[i]?.why ?? '',
    });
    actions.push(sale);
  });
  return actions;
}
