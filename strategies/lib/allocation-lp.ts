/**
 * The allocation LP: maximise Σ w_i·score_i under the cap groups, solved exactly.
 *
 * Scores are converted to integers at 1e-12 precision (far below any yield difference that
 * matters); the LP is then solved over exact rationals and each weight floored to whole bps,
 * which keeps every cap satisfied (all constraints are upper bounds on sums of weights).
 */
import type { CapGroup } from '../../src/risk/cap-groups.ts';
import type { PositionId } from '../../src/domain/types.ts';
import { ZERO, add, floorRat, rat, toNumber, type Rational } from './rational.ts';
import { solveLp } from './simplex.ts';

const SCORE_SCALE = 1e12;

export interface AllocationLpResult {
  /** Whole bps per candidate (floored LP optimum). */
  readonly weights: Record<PositionId, number>;
  /** Exact LP optimum before flooring, as Σ w·score with w in bps. */
  readonly lpValue: number;
  /** Groups whose cap binds at the solution, per position. */
  readonly binding: Record<PositionId, string[]>;
}

/**
 * @param candidates positions with a positive score (others should get nothing anyway).
 * @example solveAllocation([{ id: 'a', score: 0.03 }], [{ code: 'CAP_POSITION', key: 'a', members: ['a'], capBps: 4000 }])
 *          // { weights: { a: 4000 }, … }
 */
export function solveAllocation(candidates: readonly { id: PositionId; score: number }[], groups: readonly CapGroup[]): AllocationLpResult {
  const vars = candidates.filter((c) => Math.round(c.score * SCORE_SCALE) > 0);
  const index = new Map(vars.map((v, i) => [v.id, i]));
  const rows = groups
    .map((g) => {
      const coeffs = vars.map(() => 0n);
      for (const id of g.members) {
        const i = index.get(id);
        if (i !== undefined) coeffs[i] = 1n;
      }
      return { coeffs, bound: BigInt(g.capBps), group: g };
    })
    .filter((r) => r.coeffs.some((c) => c !== 0n));
  const weights: Record<PositionId, number> = {};
  const binding: Record<PositionId, string[]> = {};
  if (vars.length === 0) return { weights, lpValue: 0, binding };

  const objective = vars.map((v) => BigInt(Math.round(v.score * SCORE_SCALE)));
  const solution = solveLp({ objective, rows });
  vars.forEach((v, i) => {
    const w = solution.x[i];
    weights[v.id] = w === undefined ? 0 : Number(floorRat(w));
  });
  for (const r of rows) {
    const sum = r.group.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
    if (sum !== r.group.capBps) continue;
    for (const id of r.group.members) {
      if ((weights[id] ?? 0) > 0) (binding[id] ??= []).push(`${r.group.code}:${r.group.key}`);
    }
  }
  return { weights, lpValue: toNumber(solution.value) / SCORE_SCALE, binding };
}

/** A position in the cost-aware LP: its score, what it holds and what moving it costs. */
export interface CostedCandidate {
  readonly id: PositionId;
  /** Yearly score (net yield − risk penalty − idle yield); 0 for a position held but not scored. */
  readonly score: number;
  /**
   * How far the score may be off, yearly (≥ 0; e.g. 2 standard errors): buys count the score
   * this much lower and sales this much higher, so a switch happens only when the difference
   * beats the uncertainty of both positions plus the cost. Absent: 0.
   */
  readonly uncertainty?: number;
  /** Current weight, whole bps. */
  readonly currentBps: number;
  /**
   * Cost of buying, as a fraction of the value bought; undefined when it may not be bought.
   * Negative when the entry gains (a DEX discount): a gain counts once, a cost × safetyMultiple.
   */
  readonly buyCost?: number;
  /**
   * Of buyCost, the part that is a mark and not spent (a mint's price over the pool's: see
   * switching-costs.ts mintMark): counted once, not × safetyMultiple. Absent: 0.
   */
  readonly buyMark?: number;
  /**
   * A cheaper first slice of the buy, bps at most (a sound LRT's pool at a discount pays more
   * than a mint up to the size where its price reaches the rate); beyond it, buyCost applies.
   * Only with buyCost. Its cost, like buyCost, counts × safetyMultiple when positive, once when a gain.
   */
  readonly cheapBuy?: { readonly cost: number; readonly maxBps: number };
  /** Cost of selling, as a fraction of the value sold; undefined when it cannot be sold. */
  readonly sellCost?: number;
  /**
   * The buy's cost when it waits for cash (bought once a queued sale pays out), when that is
   * dearer than buyCost: an entry discount is a price of now, not of the day the queue pays.
   * With SwitchingCostOptions.cashNowBps, only what cash of now can fund is priced at buyCost
   * and the cheap slice; the rest at this. Absent: a buy costs buyCost whenever it is made.
   */
  readonly laterBuyCost?: number;
  /** Of laterBuyCost, the part that is a mark (as buyMark). Absent: 0. */
  readonly laterBuyMark?: number;
  /**
   * Of buyMark, what is left once the yield that cash waiting above the idle buffer has forgone
   * is counted against it (src/risk/idle-wait.ts): a second way to buy, at buyCost less the
   * difference, for at most that waiting cash (SwitchingCostOptions.cashNowBps, sales not
   * counted). Absent: none.
   */
  readonly waitedBuyMark?: number;
  /** The sale pays out now (DEX or instant exit), so it can fund a buy of now; absent: through a queue. */
  readonly immediateSale?: boolean;
  /**
   * Cost of selling now when the cheapest sale (sellCost) goes through a queue: with
   * cashNowBps, a second way to sell, dearer, that funds buys of now. Absent: none.
   */
  readonly immediateSellCost?: number;
}

export interface SwitchingCostOptions {
  /** Net-gain horizon, years: the gain a move must earn is counted over it. */
  readonly horizonYears: number;
  /** Costs count this many times (risk.minNetGain.safetyMultiple). */
  readonly safetyMultiple: number;
  /** Bound on Σ buy + Σ sell, bps (the daily turnover limit); undefined for none. */
  readonly turnoverCapBps?: number;
  /**
   * Moves of value from one position straight into another that cost less than a sale and a
   * buy (an LRT held liquid restaked as it is: gas only). Each is one more LP variable; it
   * counts twice against the turnover bound, as a sale plus a buy of the same size would.
   */
  readonly moves?: readonly DirectMove[];
  /**
   * Buys at a price of now (an entry discount) are at most what cash of now can pay: this many
   * bps of idle cash above its buffer, plus the immediate sales. Undefined: no such bound.
   */
  readonly cashNowBps?: number;
}

/** A direct move from one held position into another, with its own cost. */
export interface DirectMove {
  readonly from: PositionId;
  readonly to: PositionId;
  /** Cost, fraction of the value moved. */
  readonly cost: number;
  /**
   * How far the score difference (to − from) may be off, yearly (≥ 0). Two positions of one
   * LRT share its rate's error, so only what differs between them (AVS rewards, slashing
   * hazard) is in doubt. Absent: 0.
   */
  readonly uncertainty?: number;
}

/**
 * The cost-aware allocation LP, solved exactly: w_i = cur_i + buy_i − sell_i, maximising
 * Σ score_i·w_i·H − safetyMultiple·Σ (buyCost_i·buy_i + sellCost_i·sell_i) under every cap
 * group, sell_i ≤ cur_i and the turnover bound. A move is made only when its gain over the
 * horizon beats its cost × multiple, which is the plan review's test (a mint's mark, buyMark,
 * counts once: the review does not count it at all). Returns undefined when
 * the current allocation already breaks a cap (the risk engine repairs that first; callers
 * fall back to the cost-blind LP). Each score counts against its own move: a buy at
 * score − uncertainty, a sale at score + uncertainty (the benefit of the doubt goes to staying).
 * @example solveAllocationWithCosts([{ id: 'a', score: 0.05, currentBps: 0, buyCost: 0 }], groups, { horizonYears: 30 / 365, safetyMultiple: 2 })
 */
export function solveAllocationWithCosts(candidates: readonly CostedCandidate[], groups: readonly CapGroup[], opts: SwitchingCostOptions): AllocationLpResult | undefined {
  // A buy (+1 on `id`), a sale (−1 on `id`) or a direct move (−1 on `from`, +1 on `id`).
  type Var = { id: PositionId; sign: 1n | -1n; coef: bigint; from?: PositionId; maxBps?: number; cash?: 1n | -1n; waited?: true };
  const vars: Var[] = [];
  const scale = (x: number): bigint => BigInt(Math.round(x * SCORE_SCALE));
  // Costs are counted safetyMultiple times (the plan review's margin); a gain on entry only once.
  const charge = (cost: number): number => (cost > 0 ? opts.safetyMultiple * cost : cost);
  // Buys at a price of now draw on cash of now (cash: 1), immediate sales add to it (cash: −1).
  const timed = opts.cashNowBps !== undefined;
  for (const c of candidates) {
    const doubt = Math.max(0, c.uncertainty ?? 0);
    const later = timed && c.buyCost !== undefined && c.laterBuyCost !== undefined && c.laterBuyCost > c.buyCost;
    // A mark (a mint's price over the pool's) counts once, what the buy spends × the multiple.
    const buyCoef = (cost: number, mark = 0): bigint => scale((c.score - doubt) * opts.horizonYears - charge(cost - mark) - mark);
    if (c.buyCost !== undefined) vars.push({ id: c.id, sign: 1n, coef: buyCoef(c.buyCost, c.buyMark), ...(later ? { cash: 1n as const } : {}) });
    if (later && c.laterBuyCost !== undefined) vars.push({ id: c.id, sign: 1n, coef: buyCoef(c.laterBuyCost, c.laterBuyMark) });
    const mark = c.buyMark ?? 0;
    if (timed && c.buyCost !== undefined && c.waitedBuyMark !== undefined && c.waitedBuyMark < mark) {
      vars.push({ id: c.id, sign: 1n, coef: buyCoef(c.buyCost - (mark - c.waitedBuyMark), c.waitedBuyMark), cash: 1n, waited: true });
    }
    if (c.buyCost !== undefined && c.cheapBuy !== undefined && c.cheapBuy.maxBps > 0) {
      vars.push({ id: c.id, sign: 1n, coef: buyCoef(c.cheapBuy.cost), maxBps: Math.floor(c.cheapBuy.maxBps), ...(timed ? { cash: 1n as const } : {}) });
    }
    if (c.sellCost !== undefined && c.currentBps > 0) {
      vars.push({ id: c.id, sign: -1n, coef: scale(-(c.score + doubt) * opts.horizonYears - opts.safetyMultiple * c.sellCost), ...(timed && c.immediateSale === true ? { cash: -1n as const } : {}) });
    }
    if (timed && c.immediateSale !== true && c.immediateSellCost !== undefined && c.currentBps > 0) {
      vars.push({ id: c.id, sign: -1n, coef: scale(-(c.score + doubt) * opts.horizonYears - opts.safetyMultiple * c.immediateSellCost), cash: -1n });
    }
  }
  const byId = new Map(candidates.map((c) => [c.id, c]));
  for (const m of opts.moves ?? []) {
    const from = byId.get(m.from);
    const to = byId.get(m.to);
    if (from === undefined || to === undefined || from.currentBps <= 0 || m.from === m.to) continue;
    const gain = (to.score - from.score - Math.max(0, m.uncertainty ?? 0)) * opts.horizonYears - opts.safetyMultiple * m.cost;
    vars.push({ id: m.to, sign: 1n, coef: scale(gain), from: m.from });
  }
  /** Coefficient of variable v in the sum of the weights of `members`. */
  const inGroup = (v: Var, members: readonly PositionId[]): bigint => (members.includes(v.id) ? v.sign : 0n) - (v.from !== undefined && members.includes(v.from) ? 1n : 0n);
  const current = new Map(candidates.map((c) => [c.id, c.currentBps]));
  const rows: { coeffs: bigint[]; bound: bigint }[] = [];
  for (const g of groups) {
    const held = g.members.reduce((s, id) => s + (current.get(id) ?? 0), 0);
    if (held > g.capBps) return undefined;
    const coeffs = vars.map((v) => inGroup(v, g.members));
    if (coeffs.some((c) => c > 0n)) rows.push({ coeffs, bound: BigInt(g.capBps - held) });
  }
  // What leaves a position (its sale and its direct moves out) is at most what it holds.
  for (const id of new Set(vars.filter((v) => v.sign === -1n || v.from !== undefined).map((v) => v.from ?? v.id))) {
    rows.push({ coeffs: vars.map((v) => ((v.sign === -1n && v.from === undefined && v.id === id) || v.from === id ? 1n : 0n)), bound: BigInt(current.get(id) ?? 0) });
  }
  vars.forEach((v, i) => {
    if (v.maxBps !== undefined) rows.push({ coeffs: vars.map((_, j) => (j === i ? 1n : 0n)), bound: BigInt(v.maxBps) });
  });
  if (opts.cashNowBps !== undefined && vars.some((v) => v.cash === 1n)) rows.push({ coeffs: vars.map((v) => v.cash ?? 0n), bound: BigInt(Math.max(0, Math.floor(opts.cashNowBps))) });
  // Buys at a waited mark spend the waiting cash itself, not what a sale pays in.
  if (opts.cashNowBps !== undefined && vars.some((v) => v.waited === true)) rows.push({ coeffs: vars.map((v) => (v.waited === true ? 1n : 0n)), bound: BigInt(Math.max(0, Math.floor(opts.cashNowBps))) });
  if (opts.turnoverCapBps !== undefined && vars.length > 0) rows.push({ coeffs: vars.map((v) => (v.from === undefined ? 1n : 2n)), bound: BigInt(Math.max(0, opts.turnoverCapBps)) });

  const weights: Record<PositionId, number> = {};
  const binding: Record<PositionId, string[]> = {};
  for (const c of candidates) if (c.currentBps > 0 || c.buyCost !== undefined) weights[c.id] = c.currentBps;
  if (vars.length === 0) return { weights, lpValue: 0, binding };
  const solution = solveLp({ objective: vars.map((v) => v.coef), rows });
  // Net move per position as an exact rational sum, then floored: caps are upper bounds, so
  // flooring keeps them; an unmoved position keeps exactly its current weight.
  const moved = new Map<PositionId, Rational>();
  vars.forEach((v, i) => {
    const x = solution.x[i];
    if (x === undefined || x.n === 0n) return;
    moved.set(v.id, add(moved.get(v.id) ?? ZERO, rat(v.sign * x.n, x.d)));
    if (v.from !== undefined) moved.set(v.from, add(moved.get(v.from) ?? ZERO, rat(-x.n, x.d)));
  });
  for (const [id, m] of moved) weights[id] = Math.max(0, (current.get(id) ?? 0) + Number(floorRat(m)));
  for (const g of groups) {
    const sum = g.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
    if (sum !== g.capBps) continue;
    for (const id of g.members) if ((weights[id] ?? 0) > 0) (binding[id] ??= []).push(`${g.code}:${g.key}`);
  }
  return { weights, lpValue: toNumber(solution.value) / SCORE_SCALE, binding };
}
