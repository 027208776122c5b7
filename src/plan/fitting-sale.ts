/**
 * The largest part of a forced sale the market takes now within the per-swap slippage limit.
 * A cap repair too large for a thin pool was refused whole, tick after tick, and the cap stayed
 * broken (a 50,000 ETH vault whose slashed restaked position shrank the total held pufETH at
 * 4,008 bps for 14 days: its 33 bps repair lost 1.75 % on a 10,000 ETH pool, its instant exit
 * charges 100 bps). A slice that fits goes now; arbitrage refills the pool, and the next tick
 * sells the next slice.
 */
import type { PositionObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { applyBps } from '../domain/units.ts';
import { sellLiquid, withoutQueuedExit, type SellContext } from './sells.ts';

/**
 * Whole bps of `totalWei`, at most `wantedBps`, of a liquid position that one immediate sale
 * (pool or instant exit) takes within ctx.maxSlippageBpsPerSwap; 0 for a restaked position or
 * when not even 1 bp fits. Slippage only grows with size, so a bisection finds it.
 * @example fittingSaleBps(pufETH, obsOn10kPool, 50_000 ETH, 35, ctx) // 11: 55 ETH loses 59.7 bps, 60 ETH 64.6
 */
export function fittingSaleBps(spec: PositionSpec, obs: PositionObservation, totalWei: bigint, wantedBps: number, ctx: SellContext): number {
  if (spec.eigen !== undefined || obs.rateWad <= 0n || wantedBps < 1) return 0;
  const immediate = withoutQueuedExit(spec);
  const fits = (bps: number): boolean => {
    const a = sellLiquid(immediate, obs, applyBps(totalWei, bps), false, ctx);
    return a !== undefined && a.route !== 'queued' && a.slippageBps <= ctx.maxSlippageBpsPerSwap;
  };
  let lo = 0;
  let hi = Math.floor(wantedBps);
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
