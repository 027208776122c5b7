/**
 * Switching costs per position for the cost-aware allocation LP, from the same exit-cost
 * model the planner prices sales with: DEX fee and price impact, instant fee, queued delay
 * (yield forgone at the best fresh net APY), EigenLayer's withdrawal delay, and the gas of
 * the actions, amortised over the largest trade one day's turnover allows.
 */
import { liquidTwin, liquidTwins } from '../../src/domain/lrt-pairs.ts';
import { EIGEN_WITHDRAWAL_DELAY_SECONDS, sameAddress, type PositionId, type PositionSpec } from '../../src/domain/types.ts';
import type { PositionObservation, Snapshot } from '../../src/domain/snapshot.ts';
import { BPS, divWad, weiToNumber } from '../../src/domain/units.ts';
import { cheapestExit, delayCostWei, exitQuotes, type ExitQuote } from '../../src/yield/exit-cost.ts';
import { GAS, gasCostWei } from '../../src/plan/gas.ts';
import { deepestVenue } from '../../src/domain/venue-depth.ts';
import { dexEntryGain, parExitCost, poolFillWei, realisable } from '../../src/plan/entry.ts';
import { withoutQueuedExit, type RestakedExitTerms } from '../../src/plan/sells.ts';

export interface CostContext {
  readonly snapshot: Snapshot;
  /** Vault value the weights are shares of, asset wei. */
  readonly totalWei: bigint;
  readonly opportunityApy: number;
  readonly maxSlippageBpsPerSwap: number;
  readonly maxTurnoverPerDayBps: number;
  /** Costs count this many times against a gain (risk.minNetGain.safetyMultiple). */
  readonly safetyMultiple: number;
  /** Idle cash above its buffer, asset wei: what buys of now may spend without a sale. */
  readonly cashNowWei?: bigint;
}

/** Typical size of one trade: half the day's turnover (a sale funds a buy). */
function tradeWei(ctx: CostContext): bigint {
  return (ctx.totalWei * BigInt(Math.max(1, Math.floor(ctx.maxTurnoverPerDayBps / 2)))) / BigInt(BPS);
}

/**
 * Typical size of one buy of now: idle cash needs no sale to fund it, so a buy from it can use
 * the whole day's turnover in one deposit; the size is then the cash (up to that turnover),
 * when that is more than a sale-funded trade. Pricing the gas of a deposit of all the idle cash
 * as if it were split in half-turnover trades left a small vault's cash idle for weeks.
 * @example buyWei({ totalWei: 50 ETH, maxTurnoverPerDayBps: 2000, cashNowWei: 14 ETH, … }) // 10 ETH (tradeWei: 5 ETH)
 */
function buyWei(ctx: CostContext): bigint {
  const turnover = (ctx.totalWei * BigInt(Math.max(1, ctx.maxTurnoverPerDayBps))) / BigInt(BPS);
  const cash = ctx.cashNowWei ?? 0n;
  const fromCash = cash < turnover ? cash : turnover;
  const trade = tradeWei(ctx);
  return fromCash > trade ? fromCash : trade;
}

function gasFraction(units: number, sizeWei: bigint, ctx: CostContext): number {
  if (sizeWei <= 0n) return 0;
  return weiToNumber(gasCostWei(units, ctx.snapshot.baseFeeWei, 0n)) / weiToNumber(sizeWei);
}

/**
 * Cost of buying, fraction of the value bought, by the cheaper entry the planner takes
 * (src/plan/entry.ts entryActions()): the gas, plus what the LRT bought is worth less than the
 * asset paid (holdingCost). A liquid LRT whose pool (its V2 pair or a quoted V3 pool, whichever
 * pays more) pays more LRT than a mint for the typical trade is bought there: for a sound LRT
 * at a discount with an exit at par, the cost is negative (the discount is an opportunity);
 * when no exit at par is open, the LRT is worth the market's price only, and the pool's fee and
 * price impact above that price are a cost. Restaked positions mint (and are valued at the rate
 * they restake at).
 * @example buyCost(rsETH, ctx, obsWithPool1.5PctUnderRate) // ≈ −0.0095 for a small vault (1.5 % − 5 bps fee − impact − gas)
 */
export function buyCost(spec: PositionSpec, ctx: CostContext, obs?: PositionObservation): number {
  const units = GAS['deposit-lrt'] + (spec.eigen === undefined ? 0 : GAS['eigen-deposit']);
  const size = buyWei(ctx);
  const gas = gasFraction(units, size, ctx);
  if (spec.eigen !== undefined) return gas;
  const dexGain = dexEntryGain(spec, obs, size);
  return gas + (dexGain > 0 ? dexHoldingCost(dexGain, spec, obs, ctx) : mintMark(spec, obs));
}

/**
 * How much less a liquid LRT bought on a pool, `gain` above a mint's amount, is worth than the
 * asset paid, fraction: a token is worth the market's price, or par less the cost of an exit at
 * par (parExitCost) when the protocol offers one, whichever is more.
 * @example dexHoldingCost(0.0026, ezETH paused, obs 80 bps under its rate, ctx) // 0.008 − 0.0026 = 0.0054 (the pool's fee and impact)
 */
function dexHoldingCost(gain: number, spec: PositionSpec, obs: PositionObservation | undefined, ctx: CostContext): number {
  const discount = marketDiscount(obs);
  const par = parExitCost(spec, ctx.opportunityApy);
  return (par === undefined ? discount : Math.min(discount, par)) - gain;
}

/**
 * Cost of a buy by mint, fraction of the value bought: the gas, plus the pool's discount for
 * a liquid LRT (mintMark). What a buy costs when it waits for a queued sale's cash: a pool's
 * discount of today is no price of that day.
 * @example mintCost(rsETH, ctx, obsWithPool1.5PctUnderRate) // gas + 0.015
 */
export function mintCost(spec: PositionSpec, ctx: CostContext, obs?: PositionObservation): number {
  const units = GAS['deposit-lrt'] + (spec.eigen === undefined ? 0 : GAS['eigen-deposit']);
  return gasFraction(units, tradeWei(ctx), ctx) + mintMark(spec, obs);
}

/**
 * The part of a mint's cost that is a mark and not spent, fraction: a mint pays par for a
 * liquid LRT the vault marks at its pool's lower price. Unlike gas or a pool's fee it is read,
 * not estimated, and it comes back when the pool closes to the rate or through an exit at par,
 * so the LP counts it once, as it counts the same discount once when a DEX buy gains it.
 * 0 for a restaked position (valued at the rate it restakes at).
 * @example mintMark(rsETH, obsWithPool1.5PctUnderRate) // 0.015
 */
export function mintMark(spec: PositionSpec, obs: PositionObservation | undefined): number {
  return spec.eigen === undefined ? marketDiscount(obs) : 0;
}

/** The mark part of buyCost: the mint's (mintMark) when the typical buy mints, 0 when it is bought on a pool. */
export function buyMark(spec: PositionSpec, ctx: CostContext, obs?: PositionObservation): number {
  return dexEntryGain(spec, obs, buyWei(ctx)) > 0 ? 0 : mintMark(spec, obs);
}

/** A trade of the typical size, or all of the position when smaller, asset wei. */
function tradeSizeWei(obs: PositionObservation, ctx: CostContext): bigint {
  return obs.valueWei < tradeWei(ctx) ? obs.valueWei : tradeWei(ctx);
}

/** The route a sale of `size` takes: the cheapest within the per-swap slippage limit, else the first available (a queue). */
function saleQuote(spec: PositionSpec, obs: PositionObservation, size: bigint, ctx: CostContext): ExitQuote | undefined {
  const amountLrt = divWad(size, obs.rateWad);
  return cheapestExit(amountLrt, spec, obs, ctx.opportunityApy, ctx.maxSlippageBpsPerSwap) ?? exitQuotes(amountLrt, spec, obs, ctx.opportunityApy).find((q) => q.available);
}

/**
 * Whether a sale of the typical size pays out now (the cheapest route is the DEX or an instant
 * exit), so it can fund a buy of now; a restaked position's sale always waits for its queue.
 */
export function saleIsImmediate(spec: PositionSpec, obs: PositionObservation, ctx: CostContext): boolean {
  if (spec.eigen !== undefined || obs.rateWad <= 0n || obs.valueWei <= 0n) return false;
  const quote = saleQuote(spec, obs, tradeSizeWei(obs, ctx), ctx);
  return quote !== undefined && quote.route !== 'queued';
}

/**
 * Cost of selling a liquid position now (DEX or instant exit within the per-swap slippage
 * limit), fraction, when its cheapest route is a queue: the price of cash of now for a buy at
 * a discount of now (the planner takes this route while such buys are short of cash).
 * Undefined when the cheapest sale is immediate already, or there is no immediate route.
 */
export function immediateSellCost(spec: PositionSpec, obs: PositionObservation, ctx: CostContext): number | undefined {
  if (spec.eigen !== undefined || spec.exits.queued === undefined || saleIsImmediate(spec, obs, ctx)) return undefined;
  const size = tradeSizeWei(obs, ctx);
  const quote = cheapestExit(divWad(size, obs.rateWad), withoutQueuedExit(spec), obs, ctx.opportunityApy, ctx.maxSlippageBpsPerSwap);
  if (quote === undefined || quote.fairValueWei <= 0n) return undefined;
  return weiToNumber(quote.costWei) / weiToNumber(quote.fairValueWei) + gasFraction(GAS.withdraw, size, ctx);
}

/**
 * The cheaper first slice of a buy of a liquid LRT whose pool trades under its rate: the pool
 * pays more than a mint until its price, pushed up by the buy, reaches the rate (poolFillWei:
 * on the V2 pair or a V3 pool's buy ladder, whichever slice gains more).
 * Its size in bps of the vault and its cost (gas less the realisable gain); undefined without
 * such a slice. The planner buys that much on the pool and mints the rest of the buy in the
 * same bundle (src/plan/entry.ts). Arbitrage puts the pool back at its discount by the next
 * tick, so the slice is offered again and again: it counts only when its own gain beats its
 * transaction's gas × safetyMultiple (the margin every move must clear), else every tick would
 * buy one and pay gas for a gain within the margin of error (a buy beyond it, or instead of
 * it, is priced by buyCost).
 * @example cheapDexSlice(WEETH, ctx(50_000), obsWithPool1.5PctUnderRate) // { maxBps: 14, cost: ≈ −0.0042 }
 */
export function cheapDexSlice(spec: PositionSpec, ctx: CostContext, obs: PositionObservation | undefined): { cost: number; maxBps: number } | undefined {
  const sizeWei = poolFillWei(spec, obs);
  if (sizeWei <= 0n || ctx.totalWei <= 0n) return undefined;
  const maxBps = Math.floor((weiToNumber(sizeWei) / weiToNumber(ctx.totalWei)) * BPS);
  const gas = gasFraction(GAS['deposit-lrt'], sizeWei, ctx);
  const gain = realisable(dexEntryGain(spec, obs, sizeWei), spec, ctx.opportunityApy);
  return maxBps > 0 && gain > gas * Math.max(1, ctx.safetyMultiple) ? { maxBps, cost: gas - gain } : undefined;
}

/**
 * How far the market's price is under the protocol rate, fraction (0 at or above it, or without
 * a venue): the deepest venue's, the price the depeg breaker believes. Reading the V2 pair only
 * charged a mint nothing for an LRT traded on a V3 pool alone, as mainnet's are.
 * @example marketDiscount({ rateWad: 10n ** 18n, venues: [{ spotRateWad: 985n * 10n ** 15n, … }], … }) // 0.015
 */
export function marketDiscount(obs: PositionObservation | undefined): number {
  if (obs === undefined || obs.rateWad <= 0n) return 0;
  const mid = deepestVenue(obs)?.spotRateWad;
  return mid !== undefined && mid < obs.rateWad ? weiToNumber(obs.rateWad - mid) / weiToNumber(obs.rateWad) : 0;
}

/**
 * Cost of selling, fraction of the value sold, for a trade of the typical size (or all of the
 * position when smaller); undefined when there is no route. A restaked position pays the
 * EigenLayer queue and then, to move the value anywhere but its own liquid LRT, the LRT's own
 * exit by the routes of `soldAs` (its liquid position, where EigenLayer returns it): the
 * planner prices both, so the strategy must too (else it asks for moves the plan review then
 * refuses, tick after tick).
 */
export function sellCost(spec: PositionSpec, obs: PositionObservation, ctx: CostContext, soldAs?: RestakedExitTerms['soldAs']): number | undefined {
  if (obs.rateWad <= 0n || obs.valueWei <= 0n) return undefined;
  const size = tradeSizeWei(obs, ctx);
  if (spec.eigen !== undefined) {
    if (obs.eigen === undefined || obs.eigen.withdrawableUnderlying <= 0n) return undefined;
    // The LRT comes back into its liquid position and is sold by that position's routes (the planner's queueRestaked).
    const seller = soldAs ?? { spec, obs };
    return eigenQueueCost(spec, size, ctx) + (liquidExitCost(seller.spec, seller.obs, size, ctx) ?? 0);
  }
  return liquidExitCost(spec, obs, size, ctx);
}

/**
 * Leaving EigenLayer, fraction of `size`: the wait priced at the best fresh yield (as the
 * planner prices it, src/plan/sells.ts), plus the queue and completion gas.
 */
function eigenQueueCost(spec: PositionSpec, size: bigint, ctx: CostContext): number {
  const delay = spec.eigen?.withdrawalDelaySeconds ?? EIGEN_WITHDRAWAL_DELAY_SECONDS;
  return weiToNumber(delayCostWei(size, delay, ctx.opportunityApy)) / weiToNumber(size) + gasFraction(GAS['eigen-queue-withdrawal'] + GAS['complete-withdrawal'], size, ctx);
}

/**
 * Every restaked → liquid pair of one LRT: EigenLayer returns the LRT itself into the liquid
 * position (the planner neither sells nor buys it, src/plan/planner.ts), so the move costs the
 * queue (eigenQueueCost) and no LRT sale or mint. Without this, leaving an operator for the
 * same LRT held liquid is priced as a DEX sale plus a mint.
 * @example unrestakePairs([WEETH, WEETH_RESTAKED], ctx) // [{ from: 'weETH-restaked', to: 'weETH', cost: ≈ 0.0012 }]
 */
export function unrestakePairs(specs: readonly PositionSpec[], ctx: CostContext): InPlacePair[] {
  const pairs: InPlacePair[] = [];
  for (const restaked of specs) {
    if (restaked.eigen === undefined) continue;
    const from = ctx.snapshot.positions.find((p) => p.positionId === restaked.id);
    if (from?.eigen === undefined || from.eigen.withdrawableUnderlying <= 0n || from.valueWei <= 0n) continue;
    const liquid = liquidTwin(specs, restaked);
    if (liquid === undefined) continue;
    const size = tradeSizeWei(from, ctx);
    pairs.push({ from: restaked.id, to: liquid.id, cost: eigenQueueCost(restaked, size, ctx) });
  }
  return pairs;
}

/** Cost of exiting `size` of the LRT itself by its cheapest route, fraction; undefined without a route. */
function liquidExitCost(spec: PositionSpec, obs: PositionObservation, size: bigint, ctx: CostContext): number | undefined {
  const quote = saleQuote(spec, obs, size, ctx);
  if (quote === undefined || quote.fairValueWei <= 0n) return undefined;
  const extraGas = quote.route === 'queued' ? GAS['complete-withdrawal'] : 0;
  return weiToNumber(quote.costWei) / weiToNumber(quote.fairValueWei) + gasFraction(GAS.withdraw + extraGas, size, ctx);
}

/** A liquid position whose LRT can be restaked as it is into a restaked position of the same LRT. */
export interface InPlacePair {
  readonly from: PositionId;
  readonly to: PositionId;
  /** Cost, fraction of the value moved: the deposit's gas (and a delegation's, when one is needed first). */
  readonly cost: number;
}

/**
 * Every liquid → restaked pair of one LRT that the planner restakes in place
 * (src/plan/restake-in-place.ts): no sale and no mint, only the EigenLayer deposit's gas.
 * Without this the strategy prices the move as a DEX sale plus a mint and never makes it.
 * Pairs are left out when the holder is delegated to another operator (the planner would
 * not restake in place) or when the two read different rates.
 * @example inPlacePairs([WEETH, WEETH_RESTAKED], ctx) // [{ from: 'weETH', to: 'weETH-restaked', cost: 0.00002 }]
 */
export function inPlacePairs(specs: readonly PositionSpec[], ctx: CostContext): InPlacePair[] {
  const { snapshot } = ctx;
  const obsOf = (id: PositionId): PositionObservation | undefined => snapshot.positions.find((p) => p.positionId === id);
  const pairs: InPlacePair[] = [];
  for (const restaked of specs) {
    const eigen = restaked.eigen;
    if (eigen === undefined) continue;
    const delegated = snapshot.delegatedTo;
    if (delegated !== undefined && !sameAddress(delegated, eigen.operator)) continue;
    const into = obsOf(restaked.id);
    if (into === undefined || into.rateWad <= 0n) continue;
    for (const liquid of liquidTwins(specs, restaked)) {
      const from = obsOf(liquid.id);
      if (from === undefined || from.rateWad !== into.rateWad || from.liquidBalance <= 0n) continue;
      const size = tradeSizeWei(from, ctx);
      const units = GAS['eigen-deposit'] + (delegated === undefined ? GAS.delegate : 0);
      pairs.push({ from: liquid.id, to: restaked.id, cost: gasFraction(units, size, ctx) });
    }
  }
  return pairs;
}
