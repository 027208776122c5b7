/**
 * What it costs to turn an amount of LRT back into the vault asset, per route and size.
 *
 * Every route is measured against the fair value at the protocol rate: a DEX pays less by its
 * fee, price impact and any discount; an instant redemption by its fee; a queue pays the fair
 * value but later, and the wait is priced at an opportunity rate (amount × rate × delay).
 */
import type { ExitRoute } from '../domain/plan.ts';
import type { PositionObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_YEAR, mulWad, subtractBps } from '../domain/units.ts';
import { sellTokenForWeth } from './dex.ts';
import { interpolateLadder } from './venue-quotes.ts';

export interface ExitQuote {
  readonly route: ExitRoute;
  /** For a DEX route: the venue that pays most, 'uniswap-v2' or a quoted venue's kind ('uniswap-v3'). */
  readonly venue?: string;
  readonly amountLrt: bigint;
  /** amountLrt at the protocol rate. */
  readonly fairValueWei: bigint;
  /** What the vault receives (for queued: later). */
  readonly expectedOutWei: bigint;
  /** DEX loss against the fair value (fee + impact + discount). */
  readonly slippageWei: bigint;
  /** Protocol exit fee. */
  readonly feeWei: bigint;
  /** Opportunity cost of waiting. */
  readonly delayCostWei: bigint;
  /** slippage + fee + delay cost. */
  readonly costWei: bigint;
  /** Loss of expected out against fair value, bps (not counting delay). */
  readonly slippageBps: number;
  readonly delaySeconds: number;
  /** False when the route cannot take this size now (instant liquidity). */
  readonly available: boolean;
}

/** Price of a DEX sale of `amountLrt` through the position's Uniswap V2 pair. */
export function dexExitQuote(amountLrt: bigint, obs: PositionObservation, feeBps: number): ExitQuote | undefined {
  if (obs.dex === undefined) return undefined;
  const fair = mulWad(amountLrt, obs.rateWad);
  const out = sellTokenForWeth(amountLrt, obs.dex, feeBps);
  const slippage = fair > out ? fair - out : 0n;
  return { ...quote('dex', amountLrt, fair, out, slippage, 0n, 0n, 0, true), venue: 'uniswap-v2' };
}

/**
 * The DEX sale that pays most for this size across the position's venues: the V2 pair (exact
 * reserve math) and each quoted venue (its quote ladder, interpolated on the safe side; a
 * size past the ladder is not quoted). Undefined when no venue can price the size.
 */
export function bestDexExitQuote(amountLrt: bigint, spec: PositionSpec, obs: PositionObservation): ExitQuote | undefined {
  let best = spec.exits.dex ? dexExitQuote(amountLrt, obs, spec.exits.dex.feeBps) : undefined;
  const fair = mulWad(amountLrt, obs.rateWad);
  for (const venue of obs.venues ?? []) {
    const out = interpolateLadder(venue.ladder, amountLrt);
    if (out === undefined || (best !== undefined && out <= best.expectedOutWei)) continue;
    best = { ...quote('dex', amountLrt, fair, out, fair > out ? fair - out : 0n, 0n, 0n, 0, true), venue: venue.kind };
  }
  return best;
}

/** Price of the protocol's instant redemption (fee on the fair value, capped by liquidity). */
export function instantExitQuote(amountLrt: bigint, obs: PositionObservation, feeBps: number): ExitQuote {
  const fair = mulWad(amountLrt, obs.rateWad);
  const out = subtractBps(fair, feeBps);
  const available = obs.instantLiquidity === undefined || amountLrt <= obs.instantLiquidity;
  return quote('instant', amountLrt, fair, out, 0n, fair - out, 0n, 0, available);
}

/**
 * Price of waiting `delaySeconds` in a queue: fair value, minus the yield it forgoes at
 * `opportunityApy` (the vault's yield elsewhere) for the delay, simple interest.
 */
export function queuedExitQuote(amountLrt: bigint, obs: PositionObservation, delaySeconds: number, opportunityApy: number): ExitQuote {
  const fair = mulWad(amountLrt, obs.rateWad);
  const delayCost = delayCostWei(fair, delaySeconds, opportunityApy);
  return quote('queued', amountLrt, fair, fair, 0n, 0n, delayCost, delaySeconds, true);
}

/** amount × apy × delay / year, in wei (0 for non-positive apy or delay). */
export function delayCostWei(amountWei: bigint, delaySeconds: number, apy: number): bigint {
  if (apy <= 0 || delaySeconds <= 0 || amountWei <= 0n) return 0n;
  // APY to 1e-12 precision, then exact integer math: amount · apy · delay / year.
  const apyE12 = BigInt(Math.round(apy * 1e12));
  return (amountWei * apyE12 * BigInt(Math.round(delaySeconds))) / (1_000_000_000_000n * BigInt(SECONDS_PER_YEAR));
}

/**
 * Every route the spec allows (the DEX as its best venue), priced for this size, cheapest first (ties: dex, instant,
 * queued, so the faster route wins).
 */
export function exitQuotes(amountLrt: bigint, spec: PositionSpec, obs: PositionObservation, opportunityApy: number): ExitQuote[] {
  const quotes: ExitQuote[] = [];
  const dex = bestDexExitQuote(amountLrt, spec, obs);
  if (dex) quotes.push(dex);
  if (spec.exits.instant) quotes.push(instantExitQuote(amountLrt, obs, spec.exits.instant.feeBps));
  if (spec.exits.queued) quotes.push(queuedExitQuote(amountLrt, obs, spec.exits.queued.delaySeconds, opportunityApy));
  const order: Record<ExitRoute, number> = { dex: 0, instant: 1, queued: 2 };
  return quotes.sort((a, b) => (a.costWei === b.costWei ? order[a.route] - order[b.route] : a.costWei < b.costWei ? -1 : 1));
}

/**
 * The cheapest available route whose loss stays within `maxSlippageBps` (delay is a cost, not
 * a slippage). Undefined when no route qualifies.
 */
export function cheapestExit(amountLrt: bigint, spec: PositionSpec, obs: PositionObservation, opportunityApy: number, maxSlippageBps: number): ExitQuote | undefined {
  return exitQuotes(amountLrt, spec, obs, opportunityApy).find((q) => q.available && q.slippageBps <= maxSlippageBps);
}

/**
 * What `out` loses against `fair`, bps in steps of 0.01: the least such limit whose minOut
 * (subtractBps of `fair`, rounded down) `out` still pays, so a sale reads within a limit exactly
 * when it clears the minOut that limit sets (0 for no loss or no fair value). Read rounded down,
 * a pool slice sized to a 30 bps limit that lost 30.008 bps passed as 30.00 and reverted against
 * its minOut tick after tick; read rounded up, an instant exit whose 30 bps fee is the limit
 * (paying exactly the minOut) read 30.01 and was refused.
 * @example minOutLossBps(10n ** 18n, 997n * 10n ** 15n - 1n) // 30.01
 */
export function minOutLossBps(fair: bigint, out: bigint): number {
  if (fair <= 0n || out >= fair) return 0;
  // out ≥ ⌊fair·(10⁶ − k)/10⁶⌋ ⇔ k > (fair − out − 1)·10⁶/fair: the least such k, in 0.01 bps.
  return Number(((fair - out - 1n) * 1_000_000n) / fair + 1n) / 100;
}

function quote(route: ExitRoute, amountLrt: bigint, fair: bigint, out: bigint, slippage: bigint, fee: bigint, delayCost: bigint, delaySeconds: number, available: boolean): ExitQuote {
  return {
    route,
    amountLrt,
    fairValueWei: fair,
    expectedOutWei: out,
    slippageWei: slippage,
    feeWei: fee,
    delayCostWei: delayCost,
    costWei: slippage + fee + delayCost,
    slippageBps: minOutLossBps(fair, out),
    delaySeconds,
    available,
  };
}
