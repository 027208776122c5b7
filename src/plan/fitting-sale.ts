/**
 * The largest part of a forced sale the market takes now within the per-swap slippage limit.
 * A cap repair too large for a thin pool was refused whole, tick after tick, and the cap stayed
 * broken (a 50,000 ETH vault whose slashed restaked position shrank the total held pufETH at
 * 4,008 bps for 14 days: its 33 bps repair lost 1.75 % on a 10,000 ETH pool, its instant exit
 * charges 100 bps). A slice that fits goes now; arbitrage refills the pool, and the next tick
 * sells the next slice.
 *
 * A slice's gas counts against the limit with its slippage: the limit is what one sale may lose,
 * and a slice the gas takes a large part of loses it to gas. A 50 ETH vault 300 bps over a cap,
 * whose pool stood 29.9 bps under the rate against a 30 bps limit, sold 0.01 ETH a tick for
 * 0.0013 ETH of gas, 150 ticks running: 0.2 ETH of gas to avoid 0.05 ETH of slippage.
 */
import type { PositionObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { applyBps } from '../domain/units.ts';
import { sellLiquid, withoutQueuedExit, type SellContext } from './sells.ts';
import type { WithdrawAction } from '../domain/plan.ts';

/**
 * Whole bps of `totalWei`, at most `wantedBps`, of a liquid position that one immediate sale
 * (pool or instant exit) takes within ctx.maxSlippageBpsPerSwap, its gas (`gasWei`, asset wei)
 * counted with its slippage; 0 for a restaked position or when not even 1 bp fits. Slippage
 * grows with size and the gas's share shrinks, so the loss falls and then rises with size, and
 * the sizes that fit are a range: bisections find its top.
 * @example fittingSaleBps(pufETH, obsOn10kPool, 50_000 ETH, 35, ctx) // 11: 55 ETH loses 59.7 bps, 60 ETH 64.6
 */
export function fittingSaleBps(spec: PositionSpec, obs: PositionObservation, totalWei: bigint, wantedBps: number, ctx: SellContext, gasWei = 0n): number {
  if (spec.eigen !== undefined || obs.rateWad <= 0n || wantedBps < 1) return 0;
  const immediate = withoutQueuedExit(spec);
  const saleAt = (bps: number): WithdrawAction | undefined => {
    const a = sellLiquid(immediate, obs, applyBps(totalWei, bps), false, ctx);
    return a !== undefined && a.route !== 'queued' ? a : undefined;
  };
  const slippage = (bps: number): number => saleAt(bps)?.slippageBps ?? Infinity;
  const loss = (bps: number): number => {
    const a = saleAt(bps);
    return a === undefined ? Infinity : a.slippageBps + gasShareBps(gasWei, a.fairValueWei);
  };
  const limit = ctx.maxSlippageBpsPerSwap;
  // The largest size within the limit on slippage alone (slippage only grows with size) ...
  const top = largestWithin(1, Math.floor(wantedBps), slippage, limit);
  if (top < 1 || loss(top) <= limit) return top;
  // ... and, when its gas takes it over, the largest size at or above the least loss that fits.
  let lo = 1;
  let hi = top;
  while (hi - lo > 2) {
    const a = lo + Math.floor((hi - lo) / 3);
    const b = hi - Math.floor((hi - lo) / 3);
    if (loss(a) <= loss(b)) hi = b;
    else lo = a;
  }
  let least = lo;
  for (let bps = lo + 1; bps <= hi; bps++) if (loss(bps) < loss(least)) least = bps;
  return loss(least) > limit ? 0 : largestWithin(least, top, loss, limit);
}

/** The largest whole `x` in [lo, hi] with f(x) ≤ limit, for f rising on the range; lo − 1 when none. */
function largestWithin(lo: number, hi: number, f: (x: number) => number, limit: number): number {
  if (hi < lo) return lo - 1;
  if (f(hi) <= limit) return hi;
  if (f(lo) > limit) return lo - 1;
  let ok = lo;
  let bad = hi;
  while (bad - ok > 1) {
    const mid = Math.floor((ok + bad) / 2);
    if (f(mid) <= limit) ok = mid;
    else bad = mid;
  }
  return ok;
}

/** `gasWei` as a share of `valueWei`, bps in steps of 0.01 (rounded up); Infinity for no value. */
function gasShareBps(gasWei: bigint, valueWei: bigint): number {
  if (gasWei <= 0n) return 0;
  if (valueWei <= 0n) return Infinity;
  return Number((gasWei * 1_000_000n + valueWei - 1n) / valueWei) / 100;
}
