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
 * On top of that, a move sized on a must act on every position whose change is over the dust
 * at a and sell what it holds above target · a; with LB(a) = overhead + that gas + that loss at
 * the cheapest exit − D·max(0, a), a lower bound on cost(a), the value comes from one of two cases:
 * - the search never settled: the eighth iterate, ≤ M8 where Mₘ₊₁ = V − claim gas − the least
 *   of LB over a ≤ Mₘ (every iterate aₘ ≤ Mₘ, by induction from M0);
 * - it settled at some round on a (the next iterate, the value, within its tolerance τ of a):
 *   then a + LB(a) ≤ V − claim gas + τ and the value is ≤ min(a + τ, V − claim gas − LB(a)),
 *   so at most the largest such figure over the a that satisfy the first (worked out per
 *   stretch of a over which the actions are the same).
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
  /** Per position, gas (ETH) and share of the value sold lost by a sale now (gas ∞ when no immediate exit is open). */
  readonly nowGas: Float64Array;
  readonly nowLoss: Float64Array;
  /** Per position, gas (ETH) and share lost by a queued sale (gas ∞ when no queue takes one now). */
  readonly queueGas: Float64Array;
  readonly queueLoss: Float64Array;
  /** Per position, the gas (ETH) of buying it. */
  readonly buyGas: Float64Array;
  /** The least gas (ETH) any action of a position in a restake pair costs: a restake in place serves one position on each side. */
  readonly pairActionGas: number;
  /** Per position, 1 when it is either side of a restake in place. */
  readonly inRestakePair: Uint8Array;
  /** Per position, 1 when a sale of it now can only be queued (no immediate exit, no restake in place) and keeps something. */
  readonly queueOnly: Uint8Array;
}

/** Value below which the search leaves a position's change undone (bound.ts costs()). */
const DUST_ETH = 1e-3;

/**
 * The ceiling above for a move from holdings `held` (value V, claim gas `claimGas`, unsold
 * rewards worth `carriedValue`) to `target` (bps), whose discount share is D, refined by what
 * the move must do whatever its iterates are (all ≤ M):
 * - gas: the least the move's actions cost at any a ≤ M it is sized on (fewestActionsGas);
 * - losses: position i sells at least held_i − target_i · M, at the cheapest exit's loss.
 * Infinite when D ≥ 1 (nothing to say). When the rough ceiling (without gas and losses) is
 * already ≤ `enough`, that is returned: the caller only asks whether the ceiling is ≤ `enough`.
 * @example moveValueCeiling(50, 0, 0.2, [20, 0], [0, 4000], 0, epoch) // 50 − overhead − sale and purchase gas − 0.003 · 20 + 0.2
 */
export function moveValueCeiling(V: number, claimGas: number, carriedValue: number, held: ArrayLike<number>, target: readonly number[], discountShare: number, epoch: CeilingEpoch, enough = Number.NEGATIVE_INFINITY): number {
  if (!(discountShare < 1)) return Number.POSITIVE_INFINITY;
  const D = discountShare;
  const slack = ROUNDING_SLACK * Math.abs(V);
  const base = V - claimGas - epoch.overheadGas;
  const M0 = Math.max(V, base / (1 - D));
  const rough = base + D * M0 + carriedValue + slack;
  // Already at or under what the caller needs: the finer terms only lower it.
  if (rough <= enough) return rough;
  const dust = DUST_ETH + slack;
  const n = segmentGas(held, target, M0, dust, epoch);
  // Never settled: the eighth iterate, ≤ M8 (each M sized on the least gas at any a up to the last).
  let M = M0;
  for (let m = 0; m < MAX_ROUNDS; m++) M = base - leastGasUpTo(n, M) + D * Math.max(0, M);
  // Settled at some round on a: the next iterate, the value, is within the tolerance τ of a and
  // equals V − claim gas − cost(a), so a ≤ V − claim gas + τ − LB(a). Per stretch of a with one
  // gas figure g, that caps a at X (the entry saving taken at its most, at M0), and the value at
  // min(a + τ, V − claim gas − LB(a)) with LB least at the largest such a.
  const tau = SETTLE_TOLERANCE * Math.abs(V) + slack;
  const K = V - claimGas + tau;
  let settled = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const left = segLeft[k] as number;
    const right = k + 1 < n ? (segLeft[k + 1] as number) : M0;
    const g = epoch.overheadGas + (segGasAt[k] as number);
    const X = K - g + D * Math.max(0, M0);
    if (X < left - slack) continue;
    const x = Math.min(right, X);
    settled = Math.max(settled, Math.min(x + tau, V - claimGas - g + D * Math.max(0, x)));
  }
  return Math.max(M, settled) + carriedValue + 4 * slack;
}

/** The search's rounds and settling tolerance (bound.ts transition()). */
const MAX_ROUNDS = 8;
const SETTLE_TOLERANCE = 1e-12;

/** The least of segment gas over the stretches that reach down to M (segLeft ascending). */
function leastGasUpTo(n: number, M: number): number {
  let least = segGasAt[0] as number;
  for (let k = 1; k < n && (segLeft[k] as number) <= M; k++) least = Math.min(least, segGasAt[k] as number);
  return least;
}

/**
 * True when the move must queue a sale whatever it is sized on (a ≤ M, as in moveValueCeiling):
 * it sells a queue-only position beyond the dust even at the largest size, so its proceeds are
 * locked and the entry it makes cannot be free (bound-beam.ts).
 * @example mustQueue(50, 0, [10, 0], [0, 2000], 0, epoch) // true when position 0 is queue-only (restaked)
 */
export function mustQueue(V: number, claimGas: number, held: ArrayLike<number>, target: readonly number[], discountShare: number, epoch: CeilingEpoch): boolean {
  if (!(discountShare < 1)) return false;
  const slack = ROUNDING_SLACK * Math.abs(V);
  const M = Math.max(V, (V - claimGas - epoch.overheadGas) / (1 - discountShare));
  for (let i = 0; i < target.length; i++) {
    if (epoch.queueOnly[i] === 1 && (held[i] as number) - ((target[i] as number) / 10_000) * M > DUST_ETH + slack) return true;
  }
  return false;
}

/** Scratch: the stretches of a (left ends ascending, −∞ first) and their gas (positions are few; reused). */
let segLeft = new Float64Array(32);
let segGasAt = new Float64Array(32);
let ends = new Float64Array(32);

/**
 * Splits a ≤ M into stretches on which a move to `target` does the same actions: position i is
 * sold when target_i · a / 1e4 − held_i ≤ −dust (a ≤ lo_i), bought when it is ≥ dust (a ≥ hi_i),
 * left alone between. Writes the stretches' left ends (−∞, then every end below M, ascending)
 * and the gas just right of each (at an end itself the gas is no lower) to the scratch arrays;
 * returns how many. Positions in restake pairs count half an action each (one restake serves a
 * sale of the liquid side and a purchase of the restaked side).
 */
function segmentGas(held: ArrayLike<number>, target: readonly number[], M: number, dust: number, epoch: CeilingEpoch): number {
  const n = target.length;
  if (ends.length < 2 * n) ends = new Float64Array(2 * n);
  if (segLeft.length < 2 * n + 1) {
    segLeft = new Float64Array(2 * n + 1);
    segGasAt = new Float64Array(2 * n + 1);
  }
  // ends[2i] = lo_i, ends[2i + 1] = hi_i; a position with no target is sold at every a (or never, under the dust).
  let count = 1;
  segLeft[0] = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = target[i] as number;
    const h = held[i] as number;
    if (t > 0) {
      ends[2 * i] = ((h - dust) * 10_000) / t;
      ends[2 * i + 1] = ((h + dust) * 10_000) / t;
    } else {
      ends[2 * i] = h >= dust ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      ends[2 * i + 1] = Number.POSITIVE_INFINITY;
    }
    for (let e = 2 * i; e <= 2 * i + 1; e++) {
      const at = ends[e] as number;
      if (!Number.isFinite(at) || !(at < M)) continue;
      // Insertion into the ascending left ends.
      let p = count;
      while (p > 1 && (segLeft[p - 1] as number) > at) {
        segLeft[p] = segLeft[p - 1] as number;
        p--;
      }
      segLeft[p] = at;
      count++;
    }
  }
  for (let k = 0; k < count; k++) {
    const at = segLeft[k] as number;
    // Just right of `at`: sold when at < lo_i, bought when at >= hi_i.
    let gas = 0;
    let paired = 0;
    for (let i = 0; i < n; i++) {
      const sells = at < (ends[2 * i] as number);
      const buys = !sells && at >= (ends[2 * i + 1] as number);
      if (!sells && !buys) continue;
      if (epoch.inRestakePair[i] === 1) paired++;
      else if (buys) gas += epoch.buyGas[i] as number;
      else {
        // Sold at least what it sells at M (a ≤ M sells more), by the cheaper of its exits.
        const sold = Math.max(0, (held[i] as number) - ((target[i] as number) / 10_000) * M);
        gas += Math.min((epoch.nowGas[i] as number) + (epoch.nowLoss[i] as number) * sold, (epoch.queueGas[i] as number) + (epoch.queueLoss[i] as number) * sold);
      }
    }
    segGasAt[k] = gas + Math.ceil(paired / 2) * epoch.pairActionGas;
  }
  return count;
}

/**
 * The least gas the actions of a move to `target` cost, over every value a ≤ M it may be sized on.
 * @example leastActionGas([10, 0], [0, 2000], 50, 1e-3, epoch) // cheaper sale of 10 ETH of position 0 + buyGas[1] (sized anywhere, both move)
 */
export function leastActionGas(held: ArrayLike<number>, target: readonly number[], M: number, dust: number, epoch: CeilingEpoch): number {
  return leastGasUpTo(segmentGas(held, target, M, dust, epoch), M);
}
