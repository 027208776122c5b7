/**
 * The largest part of a forced sale the market takes now within the per-swap slippage limit.
 * A cap repair too large for a thin pool was refused whole, tick after tick, and the cap stayed
 * broken (a 50,000 ETH vault whose slashed restaked position shrank the total held pufETH at
 * 4,008 bps for 14 days: its 33 bps repair lost 1.75 % on a 10,000 ETH pool, its instant exit
 * charges 100 bps). A slice that fits goes now; arbitrage refills the pool, and the next tick
 * sells the next slice.
 *
 * A slice whose gas alone is more than the limit lets one sale lose is not sent: it costs more
 * than any fill the limit accepts. A 50 ETH vault 300 bps over a cap, whose pool stood 29.9 bps
 * under the rate against a 30 bps limit, sold 0.01 ETH a tick for 0.0013 ETH of gas (13 % of
 * it), 150 ticks running: 0.2 ETH of gas to avoid 0.05 ETH of slippage. (Gas counted into the
 * slippage instead stopped a 50,000 ETH vault's 5 ETH slices, whose 3 bps of gas took them
 * over a 30 bps limit, and left its cap broken for the rest of the run.)
 */
import type { PositionObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { applyBps, BPS } from '../domain/units.ts';
import { sellLiquid, withoutQueuedExit, type SellContext } from './sells.ts';
import type { WithdrawAction } from '../domain/plan.ts';

/**
 * Whole bps of `totalWei`, at most `wantedBps`, of a liquid position that one immediate sale
 * (pool or instant exit) takes within ctx.maxSlippageBpsPerSwap; 0 for a restaked position,
 * when not even 1 bp fits, or when the sale's gas (`gasWei`, asset wei) alone is more than the
 * limit of that size. Slippage only grows with size and the gas's share only shrinks, so a
 * bisection finds the size and the gas is judged at it.
 * @example fittingSaleBps(pufETH, obsOn10kPool, 50_000 ETH, 35, ctx) // 11: 55 ETH loses 59.7 bps, 60 ETH 64.6
 */
export function fittingSaleBps(spec: PositionSpec, obs: PositionObservation, totalWei: bigint, wantedBps: number, ctx: SellContext, gasWei = 0n): number {
  if (spec.eigen !== undefined || obs.rateWad <= 0n || wantedBps < 1) return 0;
  const immediate = withoutQueuedExit(spec);
  const saleAt = (bps: number): WithdrawAction | undefined => {
    const a = sellLiquid(immediate, obs, applyBps(totalWei, bps), false, ctx);
    return a !== undefined && a.route !== 'queued' && a.slippageBps <= ctx.maxSlippageBpsPerSwap ? a : undefined;
  };
  let lo = 0;
  // No sale is more than the whole vault (a shortfall on a vault of a few wei reads as billions of bps).
  let hi = Math.min(Math.floor(wantedBps), BPS);
  if (saleAt(hi) === undefined) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (saleAt(mid) !== undefined) lo = mid;
      else hi = mid;
    }
    hi = lo;
  }
  const sale = hi < 1 ? undefined : saleAt(hi);
  return sale !== undefined && gasShareBps(gasWei, sale.fairValueWei) <= ctx.maxSlippageBpsPerSwap ? hi : 0;
}

/** `gasWei` as a share of `valueWei`, bps in steps of 0.01 (rounded up); Infinity for no value. */
function gasShareBps(gasWei: bigint, valueWei: bigint): number {
  if (gasWei <= 0n) return 0;
  if (valueWei <= 0n) return Infinity;
  return Number((gasWei * 1_000_000n + valueWei - 1n) / valueWei) / 100;
}
