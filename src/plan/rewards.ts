/**
 * Compounding: claim pending AVS rewards and sell them for the vault asset, only when it pays:
 * the proceeds beat the cost of claiming, selling and reinvesting by
 * compounding.minValueToCostMultiple AND claiming now beats waiting (src/plan/claim-timing.ts).
 * Claims are cumulative, so claiming later loses nothing but the reinvested yield; skipping a
 * claim that does not pay is always safe.
 */
import type { ClaimRewardsAction, SwapRewardAction } from '../domain/plan.ts';
import type { DexReserves, Snapshot } from '../domain/snapshot.ts';
import type { Address } from '../domain/types.ts';
import { ethText, mulDiv, subtractBps } from '../domain/units.ts';
import { sellTokenForWeth } from '../yield/dex.ts';
import { minOutLossBps } from '../yield/exit-cost.ts';
import { tokenPriceWad } from '../yield/avs-apr.ts';
import { shouldClaim } from './claim-timing.ts';
import { GAS, gasCostWei } from './gas.ts';

export interface RewardPlanOptions {
  /** Floor on proceeds / cost (compounding.minValueToCostMultiple). */
  readonly minValueToCostMultiple: number;
  readonly maxSlippageBpsPerSwap: number;
  readonly priorityFeeWei: bigint;
  /** Current reward accrual of the vault, asset wei per second (0 when unknown). */
  readonly rewardWeiPerSecond: number;
  /** Yield the proceeds earn once reinvested, as an APY. */
  readonly reinvestApy: number;
  /** Expected yearly loss of holding the reward tokens unsold (claim-timing's rewardPriceRiskApy); absent: 0. */
  readonly priceRiskApy?: number;
  /** The same per reward token (address in lower case); the claim weighs it by each token's share of the proceeds. */
  readonly priceRiskApyByToken?: Readonly<Record<string, number>>;
}

/**
 * Claim + swap actions for the rewards worth it; empty when none is.
 *
 * The claim is judged as ONE claim of every token worth selling: one claim's gas, one swap
 * per token, one reinvesting deposit, against the sum of the proceeds, and the waiting rule
 * against the vault's whole accrual. Judging each token alone against the whole vault's accrual
 * (and billing the claim and the deposit once per token) waited far too long when rewards come
 * in several tokens. A token joins only when it pays for its own swap (× the value multiple).
 */
/**
 * The sale of `amountIn` of a reward token on its pool: fair value at the pool's mid price,
 * expected proceeds after fee and impact, and a min-out of the fair value less the per-swap
 * limit. The caller decides whether a sale this lossy is made (slippageBps).
 * @example rewardSwap(eigen, 100n * E, { token: 1_000_000n * E, weth: 1_000n * E }, 18, 100, 'sell EIGEN').minOutWei // 0.099 ETH
 */
export function rewardSwap(token: Address, amountIn: bigint, pool: DexReserves, decimals: number, maxSlippageBps: number, what: string): SwapRewardAction {
  const out = sellTokenForWeth(amountIn, pool);
  const fair = mulDiv(amountIn, tokenPriceWad(pool, decimals), 10n ** BigInt(decimals));
  return {
    kind: 'swap-reward',
    token,
    amountIn,
    fairValueWei: fair,
    expectedOutWei: out,
    minOutWei: subtractBps(fair, maxSlippageBps),
    slippageBps: minOutLossBps(fair, out),
    gas: GAS['swap-reward'],
    why: `${what} for ${ethText(out)}`,
  };
}

export function planRewards(snapshot: Snapshot, opts: RewardPlanOptions): (ClaimRewardsAction | SwapRewardAction)[] {
  const swapGas = gasCostWei(GAS['swap-reward'], snapshot.baseFeeWei, opts.priorityFeeWei);
  const swaps: SwapRewardAction[] = [];
  for (const r of snapshot.rewards) {
    if (r.claimable <= 0n || r.dex === undefined) continue;
    const swap = rewardSwap(r.token, r.claimable, r.dex, r.decimals, opts.maxSlippageBpsPerSwap, `sell ${r.token} rewards`);
    // A pool too thin for the claim: leave it for later rather than sell badly.
    if (swap.slippageBps > opts.maxSlippageBpsPerSwap) continue;
    if (!(Number(swap.expectedOutWei) > Number(swapGas) * opts.minValueToCostMultiple)) continue;
    swaps.push({ ...swap, why: `${swap.why} (swap gas ${ethText(swapGas)})` });
  }
  if (swaps.length === 0) return [];
  const value = swaps.reduce((s, a) => s + a.expectedOutWei, 0n);
  const priceRiskApy = claimPriceRisk(swaps, value, opts);
  const gas = gasCostWei(GAS['claim-rewards'] + swaps.length * GAS['swap-reward'] + GAS['deposit-lrt'], snapshot.baseFeeWei, opts.priorityFeeWei);
  const pays = shouldClaim({
    valueWei: Number(value),
    costWei: Number(gas),
    rewardWeiPerSecond: opts.rewardWeiPerSecond,
    reinvestApy: opts.reinvestApy,
    minValueToCostMultiple: opts.minValueToCostMultiple,
    ...(priceRiskApy === undefined ? {} : { priceRiskApy }),
  });
  if (!pays) return [];
  const claim: ClaimRewardsAction = {
    kind: 'claim-rewards',
    tokens: swaps.map((a) => a.token),
    amounts: swaps.map((a) => a.amountIn),
    gas: GAS['claim-rewards'],
    why: `claim ${swaps.length} reward token(s) worth ${ethText(value)}: more than ${opts.minValueToCostMultiple}× their cost (${ethText(gas)}) and than waiting`,
  };
  return [claim, ...swaps];
}

/**
 * The price risk of holding this claim's tokens unsold: each token's risk weighted by its share
 * of the proceeds (the claim is judged as one), or the single figure given for all tokens.
 */
function claimPriceRisk(swaps: readonly SwapRewardAction[], value: bigint, opts: RewardPlanOptions): number | undefined {
  const byToken = opts.priceRiskApyByToken;
  if (byToken === undefined || value <= 0n) return opts.priceRiskApy;
  let weighted = 0;
  for (const a of swaps) weighted += (byToken[a.token.toLowerCase()] ?? opts.priceRiskApy ?? 0) * (Number(a.expectedOutWei) / Number(value));
  return weighted;
}
