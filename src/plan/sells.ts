/**
 * Sell side of a plan: turning part of a position back into the vault asset.
 *
 * A liquid position sells through its cheapest route for the size within the per-swap
 * slippage limit (queued routes priced by their delay). A restaked position first has to
 * leave EigenLayer through the DelegationManager queue: this tick only queues the shares; the
 * LRT comes back after the delay and a later tick decides what to do with it.
 * The LRT comes back liquid into the position of the same LRT: only the part the plan does
 * not keep there is sold, and only that sale is priced.
 */
import type { EigenQueueWithdrawalAction, WithdrawAction } from '../domain/plan.ts';
import type { PositionObservation } from '../domain/snapshot.ts';
import { liquidTwin } from '../domain/lrt-pairs.ts';
import { EIGEN_WITHDRAWAL_DELAY_SECONDS, type PositionSpec } from '../domain/types.ts';
import { divWad, minBig, mulDiv, mulWad, subtractBps } from '../domain/units.ts';
import { cheapestExit, delayCostWei, exitQuotes } from '../yield/exit-cost.ts';
import { GAS } from './gas.ts';

export interface SellContext {
  readonly maxSlippageBpsPerSwap: number;
  readonly opportunityApy: number;
}

/**
 * Sell `valueWei` of a liquid position (everything when `all`).
 * Returns undefined when there is nothing to sell or no route exists.
 */
export function sellLiquid(spec: PositionSpec, obs: PositionObservation, valueWei: bigint, all: boolean, ctx: SellContext): WithdrawAction | undefined {
  if (obs.rateWad <= 0n) return undefined;
  const amountLrt = all ? obs.liquidBalance : minBig(obs.liquidBalance, divWad(valueWei, obs.rateWad, 'up'));
  if (amountLrt <= 0n) return undefined;
  // Within the slippage limit if possible; otherwise the cheapest route, which review refuses.
  const quote =
    cheapestExit(amountLrt, spec, obs, ctx.opportunityApy, ctx.maxSlippageBpsPerSwap) ??
    exitQuotes(amountLrt, spec, obs, ctx.opportunityApy).find((q) => q.available);
  if (quote === undefined) return undefined;
  return {
    kind: 'withdraw',
    positionId: spec.id,
    route: quote.route,
    ...(quote.venue === undefined ? {} : { venue: quote.venue }),
    amountLrt,
    fairValueWei: quote.fairValueWei,
    expectedOutWei: quote.expectedOutWei,
    minOutWei: subtractBps(mulWad(amountLrt, obs.rateWad), ctx.maxSlippageBpsPerSwap),
    costWei: quote.costWei,
    slippageBps: quote.slippageBps,
    delaySeconds: quote.delaySeconds,
    gas: GAS.withdraw,
    why: `${spec.id}: sell ${quote.venue === undefined ? quote.route : `on ${quote.venue}`}, cheapest route for this size`,
  };
}

/** How an EigenLayer exit's value is used. */
export interface RestakedExitTerms {
  /**
   * Value of the returned LRT the plan keeps as the liquid position of the same LRT (its
   * approved weight rises by that much), asset wei: no sale is priced for it. Default 0.
   */
  readonly keptLiquidWei?: bigint;
  /**
   * The liquid position of the same LRT, where EigenLayer returns it: the rest is sold by its
   * routes (a restaked position lists only a pool, while the LRT itself may also have an
   * instant or queued exit). Default: the restaked position's own routes.
   */
  readonly soldAs?: { readonly spec: PositionSpec; readonly obs: PositionObservation };
}

/**
 * Where an EigenLayer exit of `restaked` returns its LRT, as RestakedExitTerms.soldAs: the
 * liquid position of the same LRT with its observation; undefined when it is not held liquid
 * or not observed (a liquid spec has none).
 */
export function soldAsOf(specs: readonly PositionSpec[], positions: readonly PositionObservation[], restaked: PositionSpec): RestakedExitTerms['soldAs'] {
  const spec = restaked.eigen === undefined ? undefined : liquidTwin(specs, restaked);
  const obs = spec === undefined ? undefined : positions.find((p) => p.positionId === spec.id);
  return spec === undefined || obs === undefined ? undefined : { spec, obs };
}

/** Queue an EigenLayer withdrawal for `valueWei` of a restaked position (all when `all`). */
export function queueRestaked(spec: PositionSpec, obs: PositionObservation, valueWei: bigint, all: boolean, ctx: SellContext, terms: RestakedExitTerms = {}): EigenQueueWithdrawalAction | undefined {
  const eigen = obs.eigen;
  if (spec.eigen === undefined || eigen === undefined || eigen.withdrawableUnderlying <= 0n || obs.rateWad <= 0n) return undefined;
  const underlying = all ? eigen.withdrawableUnderlying : minBig(eigen.withdrawableUnderlying, divWad(valueWei, obs.rateWad, 'up'));
  if (underlying <= 0n) return undefined;
  // queueWithdrawals takes deposit shares; slashing makes them worth less than they say.
  const depositShares = all ? eigen.depositShares : mulDiv(eigen.depositShares, underlying, eigen.withdrawableUnderlying, 'up');
  const value = mulWad(underlying, obs.rateWad);
  const delay = spec.eigen.withdrawalDelaySeconds ?? EIGEN_WITHDRAWAL_DELAY_SECONDS;
  // EigenLayer pays the LRT back, not the asset: the sale of what the plan does not keep liquid
  // (cheapest route: fees, slippage, an LRT queue's own delay) is part of the exit's cost.
  const kept = minBig(terms.keptLiquidWei ?? 0n, value);
  const toSell = kept >= value ? 0n : mulDiv(underlying, value - kept, value);
  // The cheapest route within the per-swap limit, as the sale will be made; else the cheapest open one.
  const seller = terms.soldAs ?? { spec, obs };
  const sale = toSell > 0n ? (cheapestExit(toSell, seller.spec, seller.obs, ctx.opportunityApy, ctx.maxSlippageBpsPerSwap) ?? exitQuotes(toSell, seller.spec, seller.obs, ctx.opportunityApy).find((q) => q.available)) : undefined;
  // The wait is priced at the best yield, as an LRT's own queue is. Two effects are left out
  // together: the queued LRT still earns its rate, and it stays slashable by the operator it
  // leaves until the withdrawal completes; at a slashed operator's hazard they roughly cancel.
  return {
    kind: 'eigen-queue-withdrawal',
    positionId: spec.id,
    strategy: spec.eigen.strategy,
    depositShares: minBig(depositShares, eigen.depositShares),
    underlyingLrt: underlying,
    valueWei: value,
    delaySeconds: delay,
    costWei: delayCostWei(value, delay, ctx.opportunityApy) + (sale?.costWei ?? 0n),
    gas: GAS['eigen-queue-withdrawal'],
    why: `${spec.id}: leave EigenLayer (${Math.round(delay / 86_400)} days queue)`,
  };
}

/** The position with its protocol queue taken out: its sale by an immediate route only (DEX, instant redemption). */
export function withoutQueuedExit(spec: PositionSpec): PositionSpec {
  if (spec.exits.queued === undefined) return spec;
  const { queued: _queued, ...exits } = spec.exits;
  return { ...spec, exits };
}
