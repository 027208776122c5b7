/**
 * Entering an LRT: mint at the protocol rate, buy on its pool (the V2 pair or a quoted venue
 * such as a V3 pool), or both in one bundle.
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
import { interpolateLadder, ladderFill } from '../yield/venue-quotes.ts';
import { GAS } from './gas.ts';

/**
 * A DEX venue an entry can buy on: the LRT a buy of `wei` pays (undefined past what the venue
 * can price), the buy that lifts its price to the protocol rate, and its spot price.
 */
interface BuyVenue {
  /** Undefined for the V2 pair (a DepositLrtAction without venue buys there), else the venue's kind. */
  readonly venue?: string;
  /** For the action's reason: 'the DEX' for the V2 pair, else the venue's label. */
  readonly label: string;
  readonly out: (wei: bigint) => bigint | undefined;
  readonly fillWei: bigint;
  readonly spotRateWad: bigint;
}

/**
 * The venues a position can be bought on: its V2 pair (exact reserve math) and each quoted venue
 * with a buy ladder (read on its chords, which never over-promise). None for a restaked position:
 * its restake takes a fixed amount, so it mints.
 */
function buyVenues(spec: PositionSpec, obs: PositionObservation | undefined): BuyVenue[] {
  if (spec.eigen !== undefined || obs === undefined || obs.rateWad <= 0n) return [];
  const out: BuyVenue[] = [];
  const pair = obs.dex;
  const v2 = spec.exits.dex;
  if (v2 !== undefined && pair !== undefined) {
    const x = poolFillCash(weiToNumber(pair.token), weiToNumber(pair.weth), 1 - v2.feeBps / BPS, weiToNumber(obs.rateWad));
    out.push({ label: 'the DEX', out: (wei) => getAmountOut(wei, pair.weth, pair.token, v2.feeBps), fillWei: x > 0 ? BigInt(Math.floor(x * 1e18)) : 0n, spotRateWad: midPriceWad(pair) });
  }
  for (const v of obs.venues ?? []) {
    if (v.buyLadder.length === 0) continue;
    out.push({ venue: v.kind, label: v.label, out: (wei) => interpolateLadder(v.buyLadder, wei), fillWei: ladderFill(v.buyLadder, obs.rateWad), spotRateWad: v.spotRateWad });
  }
  return out;
}

/** The most LRT any venue pays for `wei`; undefined when no venue can price it. */
function bestBuyLrt(venues: readonly BuyVenue[], wei: bigint): bigint | undefined {
  let best: bigint | undefined;
  for (const venue of venues) {
    const lrt = venue.out(wei);
    if (lrt !== undefined && (best === undefined || lrt > best)) best = lrt;
  }
  return best;
}

/**
 * The DEX buy, asset wei, that lifts a venue's marginal price (after its fee) to the protocol
 * rate, on the venue where that buy gains the most LRT over a mint. A V2 pool:
 * (R_weth + (1 − fee)·x)² = (1 − fee)·R_token·R_weth·rate; a quoted venue: the last ladder size
 * whose chord still beats a mint (venue-quotes.ts ladderFill). 0 when every pool is at or over
 * the rate, or the position is not bought on a pool.
 * @example poolFillWei(ezETH, obsWithPool1.5PctUnderRate 10 000 deep) // ≈ 60 ETH with a 30 bps fee
 */
export function poolFillWei(spec: PositionSpec, obs: PositionObservation | undefined): bigint {
  if (obs === undefined) return 0n;
  let best: { wei: bigint; gain: bigint } | undefined;
  for (const v of buyVenues(spec, obs)) {
    if (v.fillWei <= 0n) continue;
    const gain = (v.out(v.fillWei) ?? 0n) - divWad(v.fillWei, obs.rateWad);
    if (best === undefined || gain > best.gain) best = { wei: v.fillWei, gain };
  }
  return best?.wei ?? 0n;
}

/**
 * How much more LRT a DEX buy of `wei` pays than a mint, on the venue paying most (the V2 pair or
 * a quoted venue's buy ladder), fraction of the mint (0 when minting is as good). The strategy's
 * buy cost and the planner's entry read the same venues.
 * @example dexEntryGain(ezETH, obsWithV3Pool1PctUnderRate1, 50n * E) // 0.0087: the V3 ladder's chord pays 50.436 ezETH, a mint 50
 */
export function dexEntryGain(spec: PositionSpec, obs: PositionObservation | undefined, wei: bigint): number {
  if (obs === undefined || wei <= 0n) return 0;
  // No venue without a positive rate (buyVenues), so the mint below never divides by zero.
  const bought = bestBuyLrt(buyVenues(spec, obs), wei);
  if (bought === undefined) return 0;
  const minted = divWad(wei, obs.rateWad);
  return bought > minted && minted > 0n ? weiToNumber(bought - minted) / weiToNumber(minted) : 0;
}

/**
 * What turning the LRT back into asset at par costs, fraction: the protocol's queue (its delay
 * priced at `opportunityApy`) or its instant redemption fee, the cheaper; undefined when the
 * protocol offers neither (withdrawals paused, or none built), so only the market prices it.
 * @example parExitCost(weETH with a 7-day queue and a 30 bps instant fee, 0.03) // 7/365 × 0.03 = 0.00058
 */
export function parExitCost(spec: PositionSpec, opportunityApy: number): number | undefined {
  const par: number[] = [];
  if (spec.exits.instant !== undefined) par.push(spec.exits.instant.feeBps / BPS);
  if (spec.exits.queued !== undefined) par.push((Math.max(0, opportunityApy) * spec.exits.queued.delaySeconds) / SECONDS_PER_YEAR);
  return par.length === 0 ? undefined : Math.min(...par);
}

/**
 * What a discount bought is worth to the vault: the LRT is worth its rate only through an exit
 * at par (parExitCost); without one, only the market can close the discount, and nothing is
 * counted on it.
 * @example realisable(0.0117, weETH with a 7-day queue, 0.03) // 0.0117 − 7/365 × 0.03 = 0.0111
 */
export function realisable(gain: number, spec: PositionSpec, opportunityApy: number): number {
  const par = parExitCost(spec, opportunityApy);
  return par === undefined ? Math.min(0, gain) : gain - par;
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
 * The entry for `wei` of asset, planned once: a mint, a DEX buy on one venue, or DEX buys up to
 * the point where a venue's price reaches the rate plus a mint of the rest, whichever leaves the
 * most LRT value (at the lower of the rate and the venues' prices) after the gas of its actions
 * at `gasPriceWei`. The venues are the V2 pair and each quoted venue with a buy ladder (a V3
 * pool); with two venues under the rate, each is also bought up to its own fill and the rest
 * minted. A DEX buy never accepts less than a mint of the same asset would have paid.
 * @example entryActions(ezETH, obsWithPool1.5PctUnderRate, 100n * E, 60, gwei(10)) // [dex ≈ 60 ETH, mint ≈ 40 ETH]
 */
export function entryActions(spec: PositionSpec, obs: PositionObservation, wei: bigint, maxSlippageBps: number, gasPriceWei: bigint): DepositLrtAction[] {
  const mint = mintAction(spec, obs, wei, maxSlippageBps);
  const venues = buyVenues(spec, obs);
  if (venues.length === 0) return [mint];
  const mark = venues.reduce((m, v) => (v.spotRateWad < m ? v.spotRateWad : m), obs.rateWad);
  const gas = BigInt(GAS['deposit-lrt']) * gasPriceWei;
  // What an entry leaves the vault: its LRT at the market's price, the cash it did not spend, less its gas.
  const worth = (actions: readonly DepositLrtAction[]): bigint =>
    mulWad(actions.reduce((s, a) => s + a.expectedLrt, 0n), mark) + wei - actions.reduce((s, a) => s + a.amountWei, 0n) - BigInt(actions.length) * gas;
  const options: DepositLrtAction[][] = [[mint]];
  for (const v of venues) {
    const whole = dexAction(spec, obs, v, wei, maxSlippageBps);
    if (whole !== undefined) options.push([whole]);
    if (v.fillWei > 0n && v.fillWei < wei) {
      const part = dexAction(spec, obs, v, v.fillWei, maxSlippageBps);
      if (part !== undefined) options.push([{ ...part, why: `${part.why}, up to where the pool's price reaches the rate; the rest is minted` }, mintAction(spec, obs, wei - v.fillWei, maxSlippageBps)]);
    }
  }
  const filled = venues.filter((v) => v.fillWei > 0n);
  const fills = filled.reduce((s, v) => s + v.fillWei, 0n);
  if (filled.length > 1 && fills < wei) {
    const parts = filled.flatMap((v) => dexAction(spec, obs, v, v.fillWei, maxSlippageBps) ?? []);
    if (parts.length === filled.length) options.push([...parts.map((p) => ({ ...p, why: `${p.why}, up to where this pool's price reaches the rate; the rest is minted` })), mintAction(spec, obs, wei - fills, maxSlippageBps)]);
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

/**
 * A DEX buy on `venue` of the LRT `wei` would mint (`wei` of value at the protocol rate), for
 * less cash: the pool's discount stays in the vault as cash and the position lands on its
 * approved weight. Spending all of `wei` there bought more than approved: on a pool 1.6 % under
 * the rate a 1,000 bps buy became 1,016 bps, past the day's turnover, and a buy up to a cap
 * would end past the cap. Undefined when the venue cannot price the size or pays no more than a mint.
 */
function dexAction(spec: PositionSpec, obs: PositionObservation, venue: BuyVenue, wei: bigint, maxSlippageBps: number): DepositLrtAction | undefined {
  const wanted = divWad(wei, obs.rateWad);
  const whole = venue.out(wei);
  if (whole === undefined || whole <= wanted || wanted <= 0n) return undefined;
  // The least cash the venue turns into `wanted` LRT (its output only grows with the input).
  let lo = 0n;
  let hi = wei;
  const tolerance = wei / 1_000_000_000n + 1n;
  while (hi - lo > tolerance) {
    const mid = (lo + hi) / 2n;
    const out = venue.out(mid);
    if (out !== undefined && out >= wanted) hi = mid;
    else lo = mid;
  }
  const bought = venue.out(hi) ?? wanted;
  const minted = divWad(hi, obs.rateWad);
  if (minted <= 0n || bought <= minted) return undefined;
  const gainPct = Number(((bought - minted) * 1_000_000n) / minted) / 10_000;
  // Never accept less than a mint of the same cash would have paid: past that, minting was the better entry.
  const guard = subtractBps(bought, maxSlippageBps);
  return {
    kind: 'deposit-lrt',
    route: 'dex',
    ...(venue.venue === undefined ? {} : { venue: venue.venue }),
    positionId: spec.id,
    amountWei: hi,
    expectedLrt: bought,
    minLrt: guard > minted ? guard : minted,
    gas: GAS['deposit-lrt'],
    why: `${spec.id}: buy ${spec.symbol} on ${venue.label}, ${gainPct.toFixed(2)} % more ${spec.symbol} than minting at the protocol rate (the discount stays as cash)`,
  };
}
