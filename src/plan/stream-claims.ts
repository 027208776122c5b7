/**
 * Compounding policy for LRT reward streams (rewards paid outside the LRT's rate as
 * cumulative merkle claims): claim a stream only when its value beats the cost of claiming,
 * selling and reinvesting by compounding.minValueToCostMultiple AND claiming now beats waiting,
 * by the same rule as AVS rewards (src/plan/claim-timing.ts). Claims are cumulative, so
 * waiting loses nothing but the reinvested yield. Points have nothing to claim and never
 * appear here: a points boost must never move money.
 */
import type { DexReserves } from '../domain/snapshot.ts';
import { ethText, mulDiv } from '../domain/units.ts';
import { shouldClaim } from './claim-timing.ts';
import { GAS, gasCostWei } from './gas.ts';

/** The holder's claim as the proof server gave it and the distributor accepted it when read. */
export interface CheckedStreamClaim {
  readonly distributor: string;
  readonly cumulativeAmount: bigint;
  /** The distributor's root the proof is for (lower-case hex). */
  readonly root: string;
  readonly proof: readonly string[];
}

/** What one stream's distributor owes the vault now (checked against the chain), and how to value it. */
export interface StreamClaimable {
  readonly stream: string;
  readonly token: string;
  readonly symbol: string;
  /** cumulativeAmount − already claimed, token units. */
  readonly payout: bigint;
  readonly decimals: number;
  /** Vault-asset wei per whole token; absent: no price, never claimed for value. */
  readonly priceWad?: bigint;
  /** The claim to send; absent: shown only (a claim is never planned without it). */
  readonly claim?: CheckedStreamClaim;
  /** The token/WETH pool it is sold through (the stream's price.uniswapV2Pair); absent: no sale route. */
  readonly pool?: DexReserves;
  /** The stream's accrual on the vault's holdings, asset wei per second (0: unknown). */
  readonly rewardWeiPerSecond: number;
  /** Expected yearly loss of holding the token unsold (claim-timing's rewardPriceRiskApy); absent: 0. */
  readonly priceRiskApy?: number;
}

export interface StreamClaimOptions {
  readonly minValueToCostMultiple: number;
  readonly baseFeeWei: bigint;
  readonly priorityFeeWei: bigint;
  /** Yield the proceeds earn once reinvested, as an APY. */
  readonly reinvestApy: number;
}

export interface StreamClaimDecision {
  readonly stream: string;
  readonly claim: boolean;
  readonly valueWei: bigint;
  readonly costWei: bigint;
  /** In plain units, for `keeper plan` and the audit. */
  readonly why: string;
}

/**
 * @example planStreamClaims([{ stream: 'etherfi-avs', token, symbol: 'KING', payout: 50n * 10n ** 18n, decimals: 18, priceWad: 10n ** 16n, rewardWeiPerSecond: 0 }], { minValueToCostMultiple: 3, baseFeeWei: 10n ** 10n, priorityFeeWei: 10n ** 9n, reinvestApy: 0.03 })
 */
export function planStreamClaims(claimables: readonly StreamClaimable[], opts: StreamClaimOptions): StreamClaimDecision[] {
  // Claim, sell and reinvest: the proceeds are not yield until they are back in a position.
  const costWei = gasCostWei(GAS['claim-stream'] + GAS['swap-reward'] + GAS['deposit-lrt'] + GAS.bundleOverhead, opts.baseFeeWei, opts.priorityFeeWei);
  return claimables.map((c) => {
    if (c.payout <= 0n) return { stream: c.stream, claim: false, valueWei: 0n, costWei, why: `${c.stream}: nothing to claim` };
    if (c.priceWad === undefined) return { stream: c.stream, claim: false, valueWei: 0n, costWei, why: `${c.stream}: no price for ${c.symbol}, left unclaimed` };
    const valueWei = mulDiv(c.payout, c.priceWad, 10n ** BigInt(c.decimals));
    const pays = shouldClaim({
      valueWei: Number(valueWei),
      costWei: Number(costWei),
      rewardWeiPerSecond: c.rewardWeiPerSecond,
      reinvestApy: opts.reinvestApy,
      minValueToCostMultiple: opts.minValueToCostMultiple,
      ...(c.priceRiskApy === undefined ? {} : { priceRiskApy: c.priceRiskApy }),
    });
    const why = pays
      ? `${c.stream}: claim ${c.symbol} worth ${ethText(valueWei)}: more than ${opts.minValueToCostMultiple}× the cost of claiming, selling and reinvesting (${ethText(costWei)}) and than waiting`
      : `${c.stream}: ${c.symbol} worth ${ethText(valueWei)} waits: claiming, selling and reinvesting costs ${ethText(costWei)} (× ${opts.minValueToCostMultiple} needed) or waiting is cheaper`;
    return { stream: c.stream, claim: pays, valueWei, costWei, why };
  });
}
