/**
 * A ceiling on what a move of the upper bound's search can be worth, computed without costing
 * the move. The search drops a move whose ceiling its beam already excludes (bound-beam.ts),
 * which changes nothing it finds: such a move would have been costed and then turned away.
 *
 * A move from a source worth V (cash, holdings at the protocol rate, sold rewards) to target
 * shares of `after` ends worth after + carried, where after = V − claim gas − cost(after) is
 * iterated from after₀ = V. Its cost is loss + gas:
 * - gas is at least the bundle's overhead;
 * - loss: a sale now pays at most the value sold when no pool pays above the rate after its
 *   fee (the caller skips the ceiling in an epoch where one does); instant exits keep at most
 *   the value; a queued exit keeps at most the value; a restake in place loses nothing;
 * - a purchase on a pool trading below the rate costs less than its value: the pool's marginal
 *   price only rises from spot, so the cash saved is at most `entryDiscount` of the value
 *   bought, and the value bought of position i is at most target_i · max(0, after).
 * So with D = Σ target_i · discount_i (the target's discount share, < 1) and B = V − claim gas −
 * overhead gas: afterₙ₊₁ ≤ B + D · max(0, afterₙ). Every iterate then stays ≤ M = max(V, B / (1 − D))
 * (true of after₀ = V, and B + D·M ≤ M for either choice of M), and the move's value ≤ B + D·M + carried.
 * On top of that, what the move must sell (its holding above target · M) pays an action's gas
 * and the cheapest exit's loss at every iterate.
 */

/** Relative slack over the ceiling: the search's own sums round at ~1e-15 of V; this is far above that and far below any gas. */
const ROUNDING_SLACK = 1e-12;

/**
 * The most a liquid position's pool entry saves, as a share of the value bought: 1 − spot price
 * (fee included) / rate, or 0 when the pool is at or above the rate.
 * @example entryDiscount(1, { token: 10_000, weth: 9_850, keep: 0.997 }) // ≈ 0.0120
 */
export function entryDiscount(rate: number, dex: { readonly token: number; readonly weth: number; readonly keep: number } | undefined): number {
  if (dex === undefined || !(dex.token > 0)) return 0;
  return Math.max(0, 1 - dex.weth / (dex.keep * dex.token * rate));
}

/**
 * How far above the value sold a pool sale of a liquid position can pay, as a share: keep ·
 * spot / rate − 1, or 0 when the pool pays at most the rate after its fee (the usual case).
 * @example salePremium(1, { token: 10_000, weth: 10_100, keep: 0.9995 }) // ≈ 0.0095
 */
export function salePremium(rate: number, dex: { readonly token: number; readonly weth: number; readonly keep: number } | undefined): number {
  if (dex === undefined || !(dex.weth > 0)) return 0;
  if (!(dex.token > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(0, (dex.keep * dex.weth) / (rate * dex.token) - 1);
}

/** What every move's ceiling shares at one epoch. */
export interface CeilingEpoch {
  /** The bundle's overhead gas at this step's price, ETH: every move pays it. */
  readonly overheadGas: number;
  /** Per position, the least gas (ETH) selling it costs by any exit open now (0 when none is). */
  readonly saleGas: Float64Array;
  /** Per position, the gas (ETH) of buying it. */
  readonly buyGas: Float64Array;
  /** The least gas (ETH) any action of a position in a restake pair costs: a restake in place serves one position on each side. */
  readonly pairActionGas: number;
  /** Per position, the smallest share of the value sold that any exit open now loses (0 where a restake in place could take it). */
  readonly saleLossRate: Float64Array;
  /** Per position, 1 when it is either side of a restake in place. */
  readonly inRestakePair: Uint8Array;
}

/** Value below which the search leaves a position's change undone (bound.ts costs()). */
const DUST_ETH = 1e-3;

/**
 * The ceiling above for a move from holdings `held` (value V, claim gas `claimGas`, unsold
 * rewards worth `carriedValue`) to `target` (bps), whose discount share is D, refined by what
 * the move must do whatever its iterates are (all ≤ M):
 * - gas: the least the move's actions cost at any a ≤ M it is sized on (fewestActionsGas);
 * - losses: position i sells at least held_i − target_i · M, at the cheapest exit's loss.
 * Infinite when D ≥ 1 (nothing to say).
 * @example moveValueCeiling(50, 0, 0.2, [20, 0], [0, 4000], 0, epoch) // 50 − overhead − sale and purchase gas − 0.003 · 20 + 0.2
 */
export function moveValueCeiling(V: number, claimGas: number, carriedValue: number, held: ArrayLike<number>, target: readonly number[], discountShare: number, epoch: CeilingEpoch): number {
  if (!(discountShare < 1)) return Number.POSITIVE_INFINITY;
  const slack = ROUNDING_SLACK * Math.abs(V);
  const base = V - claimGas - epoch.overheadGas;
  const M = Math.max(V, base / (1 - discountShare));
  let loss = 0;
  for (let i = 0; i < target.length; i++) {
    const sold = (held[i] as number) - ((target[i] as number) / 10_000) * M;
    if (sold > DUST_ETH + slack) loss += (epoch.saleLossRate[i] as number) * sold;
  }
  return base - leastActionGas(held, target, M, DUST_ETH + slack, epoch) - loss + discountShare * M + carriedValue + slack;
}

/**
 * The least gas the actions of a move to `target` cost, over every value a ≤ M it may be sized
 * on. At a, position i is sold when target_i · a / 1e4 − held_i ≤ −dust (a ≤ lo_i), bought when
 * it is ≥ dust (a ≥ hi_i), left alone between. The gas is constant between those ends, and at an
 * end no lower than just right of it, so the points to try are a → −∞ and just right of every
 * end below M. Positions in restake pairs count half an action each (one restake serves a sale
 * of the liquid side and a purchase of the restaked side).
 * @example leastActionGas([10, 0], [0, 2000], 50, 1e-3, epoch) // saleGas[0] + buyGas[1] (sized anywhere, both move)
 */
export function leastActionGas(held: ArrayLike<number>, target: readonly number[], M: number, dust: number, epoch: CeilingEpoch): number {
  const n = target.length;
  let best = Number.POSITIVE_INFINITY;
  // Candidate points: −∞ (c = −1), then just right of each position's ends (c = 2i: lo_i, 2i + 1: hi_i).
  for (let c = -1; c < 2 * n; c++) {
    let at = Number.NEGATIVE_INFINITY;
    if (c >= 0) {
      const t = target[c >> 1] as number;
      if (!(t > 0)) continue;
      at = (((held[c >> 1] as number) + ((c & 1) === 0 ? -dust : dust)) * 10_000) / t;
      if (!(at < M)) continue;
    }
    let gas = 0;
    let paired = 0;
    for (let i = 0; i < n; i++) {
      const t = target[i] as number;
      const h = held[i] as number;
      // Just right of `at`: sold when at < lo_i, bought when at >= hi_i.
      let sells: boolean;
      let buys = false;
      if (t > 0) {
        sells = at < ((h - dust) * 10_000) / t;
        buys = !sells && at >= ((h + dust) * 10_000) / t;
      } else sells = h >= dust;
      if (!sells && !buys) continue;
      if (epoch.inRestakePair[i] === 1) paired++;
      else gas += ((sells ? epoch.saleGas : epoch.buyGas)[i] as number);
    }
    best = Math.min(best, gas + Math.ceil(paired / 2) * epoch.pairActionGas);
  }
  return best;
}
