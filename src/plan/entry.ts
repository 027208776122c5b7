/**
 * Entering an LRT: mint at the protocol rate, buy on its pool, or both in one bundle.
 *
 * A sound LRT whose pool trades under its rate sells more LRT per asset than a mint, but only
 * until the buy lifts the pool's marginal price (fee included) to the rate; past that point a
 * mint is cheaper. The whole entry is planned once: a DEX buy up to that point and a mint of
 * the rest, each route taken only when the extra LRT it buys pays for its own transaction.
 * The strategy (strategies/lib/switching-costs.ts) prices buys with the same functions, and
 * the plan review counts the same entry gain, so what the strategy asks for is what pays.
 */
import type { DepositLrtAction } from '../domain/plan.ts';
import type { PositionObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { BPS, SECONDS_PER_YEAR, divWad, mulWad, subtractBps, weiToNumber } from '../domain/units.ts';
import { getAmountOut, midPriceWad, poolFillCash } from '../yield/dex.ts';
import { GAS } from './gas.ts';

/** Whether the position can be bought on its pool (restaked positions mint: their restake takes a fixed amount). */
function poolEntry(spec: PositionSpec, obs: PositionObservation | undefined): obs is PositionObservation & { dex: NonNullable<PositionObservation['dex']> } {
  return spec.eigen === undefined && spec.exits.dex !== undefined && obs?.dex !== undefined && obs.rateWad > 0n;
}

/**
 * The DEX buy, asset wei, that lifts a V2 pool's marginal price (after its fee) to the protocol
 * rate: (R_weth + (1 − fee)·x)² = (1 − fee)·R_token·R_weth·rate. 0 when the pool is at or over
 * the rate, or the position is not bought on a pool.
 * @example poolFillWei(ezETH, obsWithPool1.5PctUnderRate 10 000 deep) // ≈ 60 ETH with a 30 bps fee
 */
export function poolFillWei(spec: PositionSpec, obs: PositionObservation | undefined): bigint {
  if (!poolEntry(spec, obs)) return 0n;
  const x = poolFillCash(weiToNumber(obs.dex.token), weiToNumber(obs.dex.weth), 1 - (spec.exits.dex?.feeBps ?? 0) / BPS, weiToNumber(obs.rateWad));
  return x > 0 ? BigInt(Math.floor(x * 1e18)) : 0n;
}

/** How much more LRT a DEX buy of `wei` pays than a mint, fraction of the mint (0 when minting is as good). */
export function dexEntryGain(spec: PositionSpec, obs: PositionObservation | undefined, wei: bigint): number {
  if (!poolEntry(spec, obs) || wei <= 0n) return 0;
  const minted = divWad(wei, obs.rateWad);
  const bought = getAmountOut(wei, obs.dex.weth, obs.dex.token, spec.exits.dex?.feeBps);
  return bought > minted && minted > 0n ? weiToNumber(bought - minted) / weiToNumber(minted) : 0;
}

/**
 * What a discount bought is worth to the vault: the LRT is worth its rate only through an exit
 * at par (the protocol's queue, priced by its delay at `opportunityApy`, or its instant
 * redemption fee); without one, only the market can close the discount, and nothing is counted
 * on it.
 * @example realisable(0.0117, weETH with a 7-day queue, 0.03) // 0.0117 − 7/365 × 0.03 = 0.0111
 */
export function realisable(gain: number, spec: PositionSpec, opportunityApy: number): number {
  const par: number[] = [];
  if (spec.exits.instant !== undefined) par.push(spec.exits.instant.feeBps / BPS);
  if (spec.exits.queued !== undefined) par.push((Math.max(0, opportunityApy) * spec.exits.queued.delaySeconds) / SECONDS_PER_YEAR);
  return par.length === 0 ? Math.min(0, gain) : gain - Math.min(...par);
}

/**
 * The realisable gain of a DEX entry over minting the same asset, asset wei (0 for a mint):
 * what the plan review counts once against the plan's cost.
 */
export function entryGainWei(spec: PositionSpec, obs: PositionObservation | undefined, action: DepositLrtAction, opportunityApy: number): bigint {
  if (action.route !== 'dex' || obs === undefined || obs.rateWad <= 0n) return 0n;
  const minted = divWad(action.amountWei, obs.rateWad);
  if (minted <= 0n || action.expectedLrt <= minted) return 0n;
  const gain = realisable(weiToNumber(action.expectedLrt - minted) / weiToNumber(minted), spec, opportunityApy);
  return gain > 0 ? BigInt(Math.floor(gain * Number(action.amountWei))) : 0n;
}

/**
 * The entry for `wei` of asset, planned once: a mint, a DEX buy, or a DEX buy up to the point
 * where the pool's price reaches the rate plus a mint of the rest, whichever leaves the most
 * LRT value (at the lower of the rate and the pool's price) after the gas of its actions at
 * `gasPriceWei`. A DEX buy never accepts less than a mint of the same asset would have paid.
 * @example entryActions(ezETH, obsWithPool1.5PctUnderRate, 100n * E, 60, gwei(10)) // [dex ≈ 60 ETH, mint ≈ 40 ETH]
 */
export function entryActions(spec: PositionSpec, obs: PositionObservation, wei: bigint, maxSlippageBps: number, gasPriceWei: bigint): DepositLrtAction[] {
  const mint = mintAction(spec, obs, wei, maxSlippageBps);
  if (!poolEntry(spec, obs)) return [mint];
  const mark = midPriceWad(obs.dex) < obs.rateWad ? midPriceWad(obs.dex) : obs.rateWad;
  const gas = BigInt(GAS['deposit-lrt']) * gasPriceWei;
  const worth = (actions: readonly DepositLrtAction[]): bigint => mulWad(actions.reduce((s, a) => s + a.expectedLrt, 0n), mark) - BigInt(actions.length) * gas;
  const options: DepositLrtAction[][] = [[mint]];
  const whole = dexAction(spec, obs, wei, maxSlippageBps);
  if (whole !== undefined) options.push([whole]);
  const fill = poolFillWei(spec, obs);
  if (fill > 0n && fill < wei) {
    const part = dexAction(spec, obs, fill, maxSlippageBps);
    if (part !== undefined) options.push([{ ...part, why: `${part.why}, up to where the pool's price reaches the rate; the rest is minted` }, mintAction(spec, obs, wei - fill, maxSlippageBps)]);
  }
  return options.reduce((best, o) => (worth(o) > worth(best) ? o : best));
}

function mintAction(spec: PositionSpec, obs: PositionObservation, wei: bigint, maxSlippageBps: number): DepositLrtAction {
  const minted = divWad(wei, obs.rateWad);
  return {
    kind: 'deposit-lrt',
    positionId: spec.id,
    amountWei: wei,
    expectedLrt: minted,
    minLrt: subtractBps(minted, maxSlippageBps),
    gas: GAS['deposit-lrt'],
    why: `${spec.id}: mint ${spec.symbol} at the protocol rate`,
  };
}

/** A DEX buy of `wei`, or undefined when the pool pays no more than a mint. */
function dexAction(spec: PositionSpec, obs: PositionObservation & { dex: NonNullable<PositionObservation['dex']> }, wei: bigint, maxSlippageBps: number): DepositLrtAction | undefined {
  const minted = divWad(wei, obs.rateWad);
  const bought = getAmountOut(wei, obs.dex.weth, obs.dex.token, spec.exits.dex?.feeBps);
  if (bought <= minted || minted <= 0n) return undefined;
  const gainPct = Number(((bought - minted) * 1_000_000n) / minted) / 10_000;
  // Never accept less than a mint would have paid: past that, minting was the better entry.
  const guard = subtractBps(bought, maxSlippageBps);
  return {
    kind: 'deposit-lrt',
    route: 'dex',
    positionId: spec.id,
    amountWei: wei,
    expectedLrt: bought,
    minLrt: guard > minted ? guard : minted,
    gas: GAS['deposit-lrt'],
    why: `${spec.id}: buy ${spec.symbol} on the DEX, ${gainPct.toFixed(2)} % more ${spec.symbol} than minting at the protocol rate`,
  };
}
