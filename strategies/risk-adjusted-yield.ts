/**
 * Risk-adjusted yield: put weight where net yield minus a risk penalty is highest, as far as
 * the caps allow, and leave the rest idle.
 *
 * Score s_i = netApy_i − penalty(tier_i) − idleApy. The strategy is cost-aware: with
 * w_i = cur_i + buy_i − sell_i it maximises Σ s_i·w_i·H − safetyMultiple·Σ (c_buy_i·buy_i +
 * c_sell_i·sell_i) over the net-gain horizon H, subject to every cap group (position,
 * protocol, operator, AVS, idle buffer) and the daily turnover limit, so it asks only for the
 * moves that pay (the plan review's test) and the best of them first. Each score carries its
 * estimate's uncertainty (uncertaintyMultiple × the standard error of its net APY): a buy
 * counts the score that much lower and a sale that much higher, so noise between positions
 * of equal yield moves nothing, while a real shift (which the estimator follows within days
 * and with a narrowing error) does. Costs come from the exit
 * cost model (lib/switching-costs.ts). A sound LRT's pool discount is a price of now: buys
 * priced with it are bounded by cash of now (idle above its buffer and sales that pay out now,
 * a queued sale's dearer immediate route included), the rest of a buy pays a mint's price.
 * A mint into a pool under the rate loses that discount to the vault's mark: it counts once,
 * as the same discount counts once when a DEX buy gains it, not × safetyMultiple (else idle
 * cash stays idle for months beside an LRT whose pool stands a few bps under its rate).
 * Positions scoring at or below the idle yield are never bought. When the current allocation
 * already breaks a cap, it falls back to the cost-blind optimum (max Σ s_i·w_i) and lets the
 * risk engine repair the cap. Both LPs are solved exactly (see lib/allocation-lp.ts).
 */
import { z } from 'zod';
import { capGroups, plannedCap, plannedCaps, type CapGroup } from '../src/risk/cap-groups.ts';
import { clampToGroups } from '../src/risk/clamp.ts';
import { effectivePendingBps } from '../src/risk/pending.ts';
import { idleHeadroomBps } from '../src/risk/idle-buffer.ts';
import { BPS, SECONDS_PER_YEAR } from '../src/domain/units.ts';
import { defineStrategy } from './types.ts';
import { solveAllocation, solveAllocationWithCosts, type AllocationLpResult, type CostedCandidate } from './lib/allocation-lp.ts';
import { freshSpecs, pct } from './lib/eligibility.ts';
import { buyCost, buyMark, cheapDexSlice, immediateSellCost, inPlacePairs, mintCost, mintMark, saleIsImmediate, sellCost, unrestakePairs, type CostContext } from './lib/switching-costs.ts';
import { positionBreakers } from '../src/risk/breakers.ts';
import { soldAsOf } from '../src/plan/sells.ts';
import type { DirectMove } from './lib/allocation-lp.ts';

const paramsSchema = z.strictObject({
  /** Yearly yield penalty per risk tier 1..5 (fractions: 0.002 = 0.2 %). */
  tierPenalty: z.array(z.number().min(0).max(1)).length(5).default([0, 0.001, 0.0025, 0.005, 0.01]),
  /** Yield of idle asset; positions must beat it. */
  idleApy: z.number().min(-1).max(1).default(0),
  /**
   * Standard errors of a net APY estimate that a move must beat on each side (buy and sell),
   * on top of its cost. 2: the difference of two equal yields' estimates crosses it by chance
   * only a few times in a thousand looks.
   */
  uncertaintyMultiple: z.number().min(0).max(10).default(2),
});

/** Uncertainty of a score for the LP: the multiple of its standard error, finite (an unknown error counts as large). */
export function scoreUncertainty(stdErr: number | undefined, multiple: number): number {
  const se = stdErr ?? 0;
  return multiple * (Number.isFinite(se) ? Math.max(0, se) : MAX_UNCERTAINTY_APY);
}

/** An error beyond any yield difference a restaking book sees: the move waits for data. */
const MAX_UNCERTAINTY_APY = 1;

export const riskAdjustedYield = defineStrategy({
  name: 'risk-adjusted-yield',
  description: 'Maximise net yield minus a per-tier risk penalty under all caps (exact LP); the rest stays idle.',
  paramsSchema,
  decide(input, params) {
    const rationale: string[] = [];
    const candidates = freshSpecs(input).map(({ spec, estimate }) => {
      const penalty = params.tierPenalty[spec.riskTier - 1] ?? 0;
      const score = estimate.netApy - penalty - params.idleApy;
      const uncertainty = scoreUncertainty(estimate.netApyStdErr, params.uncertaintyMultiple);
      rationale.push(`${spec.id}: net ${pct(estimate.netApy)} − risk ${pct(penalty)} − idle ${pct(params.idleApy)} = ${pct(score)} ± ${pct(uncertainty)}`);
      return { id: spec.id, score, uncertainty };
    });
    const skipped = input.specs.filter((s) => !candidates.some((c) => c.id === s.id));
    for (const s of skipped) rationale.push(`${s.id}: no fresh estimate, no weight`);

    const fresh = freshSpecs(input);
    // The idle buffer keeps some headroom (idleHeadroomBps), never below what is held: a vault
    // already at the edge is not made to sell for it.
    const headroom = idleHeadroomBps(input.current.pendingBps, input.limits.minIdleBps, Math.max(0, ...fresh.map((f) => f.estimate.netApy)));
    // Start from the current weights with any broken cap already repaired to the risk engine's
    // margin (it forces that sale whatever it costs), so the cost-aware LP judges only the
    // voluntary moves.
    const pendingBps = effectivePendingBps(input.current, input.snapshot);
    const margin = input.limits.capMarginBps ?? 0;
    const heldNow = (g: CapGroup): number => g.members.reduce((s, id) => s + (input.current.weights[id] ?? 0), 0);
    const start = clampToGroups(input.current.weights, plannedCaps(capGroups(input.specs, input.limits, pendingBps), heldNow, margin)).weights;
    const held = (g: CapGroup): number => g.members.reduce((s, id) => s + (start[id] ?? 0), 0);
    // The engine's planned caps (the margin inside each cap), the idle buffer's at least the
    // headroom inside: planning past them gets the whole wish scaled down by the engine.
    const withHeadroom = (gs: readonly CapGroup[]): CapGroup[] =>
      gs.map((g) => ({ ...g, capBps: plannedCap(g.capBps, held(g), g.code === 'IDLE_BUFFER' ? Math.max(margin, headroom) : margin) }));
    // What may be held now (queued value is neither investable nor idle) ...
    const groups = withHeadroom(capGroups(input.specs, input.limits, pendingBps));
    // ... and what is planned for: queued exits pay out into cash that the plan's buys were
    // meant to use, so the cost-aware LP counts it as investable (else each tick would sell
    // again for buys an earlier sale already funds) and buys beyond today's room wait.
    const planned = withHeadroom(capGroups(input.specs, input.limits, 0));
    // Idle cash above its buffer today (queued value counted out): what buys of now may spend, with immediate sales.
    const idleGroup = groups.find((g) => g.code === 'IDLE_BUFFER');
    const cashNowBps = idleGroup === undefined ? undefined : Math.max(0, idleGroup.capBps - held(idleGroup));
    const costCtx: CostContext = {
      snapshot: input.snapshot,
      totalWei: input.current.totalWei,
      opportunityApy: Math.max(0, ...fresh.map((f) => f.estimate.netApy)),
      maxSlippageBpsPerSwap: input.limits.maxSlippageBpsPerSwap,
      maxTurnoverPerDayBps: input.limits.maxTurnoverPerDayBps,
      safetyMultiple: input.limits.minNetGain.safetyMultiple,
      ...(cashNowBps === undefined ? {} : { cashNowWei: (input.current.totalWei * BigInt(cashNowBps)) / BigInt(BPS) }),
    };
    // The risk engine never raises a frozen position (slashed operator, depeg, rate jump): a
    // restake in place into one would only take the liquid side down and leave the cash idle.
    // (Buys of a frozen position are still asked for: the engine holds them back, so the cash
    // waits for it, e.g. for a sound LRT to be bought at its discount once the depeg clears.)
    const frozen = positionBreakers(input.specs, input.snapshot, input.estimates, input.limits).frozen;
    // Yield the cash waiting above the idle buffer has forgone so far, a fraction per unit of a
    // position's score: counted against a mint's mark (src/risk/idle-wait.ts, the rent-or-buy rule).
    const waitedYears = input.idleWaitingSince === undefined ? 0 : Math.max(0, input.snapshot.timestamp - input.idleWaitingSince) / SECONDS_PER_YEAR;
    if (waitedYears > 0) rationale.push(`cash has waited ${(waitedYears * 365).toFixed(1)} days above the idle buffer: a mint's mark counts that much of the position's yield less`);
    const costed: CostedCandidate[] = [];
    for (const spec of input.specs) {
      const obs = input.snapshot.positions.find((p) => p.positionId === spec.id);
      const currentBps = start[spec.id] ?? 0;
      const c = candidates.find((x) => x.id === spec.id);
      if (obs === undefined || (c === undefined && currentBps === 0)) continue;
      const sell = c === undefined ? undefined : sellCost(spec, obs, costCtx, soldAsOf(input.specs, input.snapshot.positions, spec));
      const slice = c !== undefined && c.score > 0 ? cheapDexSlice(spec, costCtx, obs) : undefined;
      const buy = c !== undefined && c.score > 0 ? buyCost(spec, costCtx, obs) : undefined;
      // An entry discount is a price of now: a buy that waits for a queued sale's cash pays a mint's.
      const later = buy === undefined ? undefined : mintCost(spec, costCtx, obs);
      const mark = buy === undefined ? 0 : buyMark(spec, costCtx, obs);
      const waitedMark = c === undefined ? mark : Math.max(0, mark - Math.max(0, c.score) * waitedYears);
      costed.push({
        id: spec.id,
        score: c?.score ?? 0,
        ...(c === undefined ? {} : { uncertainty: c.uncertainty }),
        currentBps,
        ...(buy === undefined ? {} : { buyCost: buy, buyMark: mark }),
        ...(waitedMark < mark ? { waitedBuyMark: waitedMark } : {}),
        ...(later !== undefined && buy !== undefined && later > buy ? { laterBuyCost: later, laterBuyMark: mintMark(spec, obs) } : {}),
        ...(slice === undefined ? {} : { cheapBuy: slice }),
        ...(sell === undefined ? {} : { sellCost: sell, immediateSale: saleIsImmediate(spec, obs, costCtx) }),
        ...withImmediateSale(sell === undefined ? undefined : immediateSellCost(spec, obs, costCtx)),
      });
    }
    // LRT held liquid can be restaked as it is, for gas only; restaked LRT leaves EigenLayer as
    // the same LRT held liquid, for the queue only (no sale, no mint). Both sides share the
    // LRT's rate and its error, so only the difference of their uncertainties is in doubt.
    const moves: DirectMove[] = [];
    for (const pair of [...inPlacePairs(input.specs, costCtx), ...unrestakePairs(input.specs, costCtx)]) {
      const from = candidates.find((x) => x.id === pair.from);
      const to = candidates.find((x) => x.id === pair.to);
      if (from === undefined || to === undefined || frozen.has(pair.to) || !costed.some((c) => c.id === pair.from && c.currentBps > 0)) continue;
      if (!costed.some((c) => c.id === pair.to)) continue;
      moves.push({ ...pair, uncertainty: Math.abs(to.uncertainty - from.uncertainty) });
      const how = input.specs.find((s) => s.id === pair.to)?.eigen === undefined ? 'leave EigenLayer as the LRT itself' : 'restake in place';
      rationale.push(`${pair.from} → ${pair.to}: ${how} for ${pct(pair.cost)} of the value moved`);
    }
    const { horizonDays, safetyMultiple } = input.limits.minNetGain;
    // Deferred buys are not traded today, so they use none of the day's turnover: re-solve with
    // the turnover bound raised by what was deferred, as long as what is traded today fits.
    const cap = input.limits.maxTurnoverPerDayBps;
    const moveOf = (w: Readonly<Record<string, number>>): number => costed.reduce((s, c) => s + Math.abs((w[c.id] ?? 0) - c.currentBps), 0);
    let costAware: AllocationLpResult | undefined;
    for (let extra = 0, round = 0; round < 3; round++) {
      const lp = solveAllocationWithCosts(costed, planned, { horizonYears: horizonDays / 365, safetyMultiple, turnoverCapBps: cap + extra, moves, ...(cashNowBps === undefined ? {} : { cashNowBps }) });
      if (lp === undefined) break;
      const now = deferBuys(lp.weights, start, groups);
      if (round > 0 && moveOf(now) > cap) break;
      costAware = { ...lp, weights: now };
      const deferred = moveOf(lp.weights) - moveOf(now);
      if (deferred <= 0) break;
      extra = deferred;
    }
    if (costAware === undefined) rationale.push('current allocation breaks a cap: cost-blind optimum, the risk engine repairs the cap first');
    else rationale.push(`moves that beat their cost × ${safetyMultiple} over ${horizonDays} days, within ${input.limits.maxTurnoverPerDayBps} bps of turnover`);
    const result = costAware ?? solveAllocation(candidates.filter((c) => c.score > 0), groups);
    for (const [id, w] of Object.entries(result.weights)) {
      const bound = result.binding[id];
      rationale.push(`${id}: ${w} bps${bound && bound.length > 0 ? ` (bound by ${bound.join(', ')})` : ''}`);
    }
    return { weights: result.weights, rationale };
  },
});

/** The immediate sale's cost as an LP field, when there is one. */
function withImmediateSale(cost: number | undefined): { immediateSellCost?: number } {
  return cost === undefined ? {} : { immediateSellCost: cost };
}

/**
 * Buys that do not fit today's room (a group over its cap once queued value is counted out)
 * shrink in proportion, rounding down, until every group holds; they are planned again when
 * the queue pays out. Sales are kept: they are what will fund the buys.
 * @example deferBuys({ a: 3000, b: 5000 }, { a: 3000, b: 4000 }, [{ code: 'IDLE_BUFFER', key: 'all', members: ['a', 'b'], capBps: 7500 }]) // { a: 3000, b: 4500 }
 */
export function deferBuys(target: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>, groups: readonly CapGroup[]): Record<string, number> {
  const out: Record<string, number> = { ...target };
  for (const g of groups) {
    const excess = g.members.reduce((s, id) => s + (out[id] ?? 0), 0) - g.capBps;
    if (excess <= 0) continue;
    const buyers = g.members.filter((id) => (out[id] ?? 0) > (current[id] ?? 0));
    const bought = buyers.reduce((s, id) => s + (out[id] ?? 0) - (current[id] ?? 0), 0);
    if (bought === 0) continue;
    const keep = Math.max(0, bought - excess) / bought;
    for (const id of buyers) out[id] = (current[id] ?? 0) + Math.floor(((out[id] ?? 0) - (current[id] ?? 0)) * keep);
  }
  return out;
}

export default riskAdjustedYield;
