/**
 * The perfect-foresight bound: the best final value a policy that knows the whole scenario in
 * advance reaches under the same model as the replay, found by a search over decisions.
 *
 * The policy it finds is feasible, step by step:
 * - caps and the idle buffer hold from the first step (a starting allocation that breaks one
 *   must be repaired at the first decision, like the risk engine's forced moves);
 * - a queued exit (protocol queue with its delay of that step, EigenLayer's delay) pays only
 *   once its delay has passed and the protocol is not paused; until then its value is locked
 *   cash that no purchase may spend, and an EigenLayer exit still loses what slashings during
 *   its delay take;
 * - AVS rewards accrue as reward tokens on restaked value (one operator at a time) and are
 *   worth what selling them on the token's pool pays: claimed and sold at a decision (claim
 *   and swap gas, the pool's depth and fee, the per-swap loss limit) or marked at the end like
 *   every run's unclaimed rewards;
 * - costs as in the replay: gas from the planner's gas table at the base fee plus tip, DEX
 *   sales on the step's reserves with the pool fee, liquid LRT bought on the pool instead of
 *   minted when that pays more, or both (the planner's split entry), instant fees within the buffer's
 *   liquidity, a liquid LRT restaked in place for its restaked position at gas only; per-swap and per-rebalance loss limits, daily turnover, the base-fee limit and
 *   the deposit freezes (depeg, slashed operator);
 * - the exits the risk engine forces on every run (a depeg that has lasted its confirmation time,
 *   a slashed operator when `slashing.exit` is on) are forced on it too, at the first decision
 *   that sees them (by any route within the limits; it stays only where no route takes the exit):
 *   a bound that held a depegged LRT through its recovery measured the vault's risk policy, not
 *   the decisions taken under it.
 *
 * Search: one decision per epoch (default a day of steps); allocations on a grid (multiples of
 * the grid step, a position's own cap, cap-filling corners). A move sets the allocation as
 * shares of the value after its costs, so an entry is (allocation, step it was set, scale,
 * cash, locked cash, reward tokens). Per allocation only the best few entries are kept each
 * epoch (beam search): the work grows linearly with the epochs, so long runs keep a fine grid.
 * With one entry kept and nothing locked the search is exact for its grid (checked against a
 * brute force in test/unit/backtest/bound.test.ts); otherwise the text says it is approximate.
 * A move whose value ceiling (bound-ceiling.ts) the beam already excludes is not costed: it
 * would have been costed and turned away, so skipping it changes nothing the search finds.
 * The caller (run.ts) takes the better of this and every policy's own path that broke no
 * limit (feasible by construction), so the bound is never below the strategy or a baseline.
 */
import type { PositionSpec } from '../domain/types.ts';
import { restakedTwins } from '../domain/lrt-pairs.ts';
import { SECONDS_PER_DAY, weiToNumber } from '../domain/units.ts';
import { GAS } from '../plan/gas.ts';
import { brokenGroups, capGroups } from '../risk/cap-groups.ts';
import { poolFillCash } from '../yield/dex.ts';
import { Beam } from './bound-beam.ts';
import { type CeilingEpoch, entryDiscount, moveValueCeiling, mustQueue, salePremium } from './bound-ceiling.ts';
import { allocationGrid, forcedExitPoints, startBridges, type Grid } from './bound-grid.ts';
import { buildBoundModel, rewardSale } from './bound-model.ts';
import type { MarketStep } from './market.ts';
import { pendingClaimFactor } from './pending-claim.ts';
import type { ReplayContext } from './replay.ts';

export interface BoundOptions {
  /** Grid step in bps; default the finest of 250/500/1000 whose search fits `maxTransitions` (never coarser than 1000). */
  readonly gridStepBps?: number;
  readonly maxTransitions?: number;
  /** Steps per decision epoch; default one day. */
  readonly epochSteps?: number;
  /** Entries kept per allocation and epoch (the beam's width); default 3. */
  readonly keepPerAllocation?: number;
  /**
   * Cost every move, even one whose value ceiling the beam already excludes (bound-ceiling.ts).
   * The result is the same either way; tests compare the two.
   */
  readonly costEveryMove?: boolean;
  /**
   * Moves tried in all, at most (default MAX_MOVES): where an epoch's share would be passed, moves
   * are tried from the richest histories only and the rest stay as they are. The grid never
   * coarsens past 1000 bps, so without it the work grows with the grid: a 7-position market has
   * 1.4 million moves a day to try.
   */
  readonly maxMoves?: number;
  /** Called after each epoch (a decision day) with how many are done of how many, for progress output. */
  readonly onEpoch?: (done: number, total: number) => void;
}

export interface BoundResult {
  readonly navStartEth: number;
  readonly navEndEth: number;
  readonly discretisation: {
    readonly gridStepBps: number;
    readonly states: number;
    readonly epochSeconds: number;
    readonly epochs: number;
    readonly keepPerAllocation: number;
    /** True unless the search was exhaustive for its grid. */
    readonly approximate: boolean;
    /** Moves costed, and moves left uncosted because the beam already excluded their value ceiling (bound-ceiling.ts). */
    readonly movesCosted?: number;
    readonly movesSkipped?: number;
    readonly text: string;
  };
  /** The optimal path's rebalances: step and weights (bps, spec order ids). */
  readonly path: readonly { step: number; weights: Record<string, number> }[];
  readonly series: readonly { step: number; timestamp: number; navEth: number }[];
  readonly gasEth: number;
  readonly movedEth: number;
  /** `search`, or the label of the baseline whose path was better than the search's. */
  readonly source: string;
}

interface Entry {
  readonly s: number;
  /** Step the allocation was set (holdings drift from there). */
  readonly k0: number;
  /** Step this entry was created (a claim keeps k0 but creates an entry). */
  readonly at: number;
  /** Position scale: holdings = w_i/1e4 · P · growth since k0. */
  readonly P: number;
  /** Cash, ETH, locked cash included. */
  readonly I: number;
  /** Cash from queued exits not paid before `unlock`. */
  readonly L: number;
  readonly unlock: number;
  /** L by the position it left (marked like that LRT until paid, see pending-claim.ts); absent when nothing is locked. */
  readonly lock: Float64Array | undefined;
  /** Unix time after which every locked exit is completable. */
  readonly done: number;
  /** Reward tokens held, as an offset to the accrual since k0 (see tokensAt). */
  readonly tok: Float64Array;
  /**
   * The entry this one came from (undefined for the start). A reference, not an index into a
   * list of every entry ever made: entries no live history descends from are garbage, so memory
   * stays bounded by the beam and the histories it keeps, not by epochs × beam.
   */
  readonly parent: Entry | undefined;
  readonly gas: number;
  readonly moved: number;
  readonly rebalance: boolean;
}

/** An entry about to move at an epoch, with what every move from it shares. */
interface Source {
  readonly from: Entry;
  /** Value of each position at the protocol rate now. */
  readonly held: Float64Array;
  /** Everything at the protocol rate, cash and sold rewards included, before the move's costs. */
  readonly V: number;
  readonly claim: { proceeds: number; gas: number; left: number[] } | undefined;
  /** Reward tokens the moved entry keeps (unsold), and what they would sell for now. */
  readonly carried: Float64Array;
  readonly carriedValue: number;
  readonly extraTurnoverBps: number;
  /** The risk engine forces some held position out now (mustExit): only allocations without it are reached. */
  readonly forced: boolean;
  /** What a move's value cannot exceed before its costs: V + carried − claim gas (the order moves are tried in). */
  readonly rank: number;
}

const GRID_STEPS = [250, 500, 1000];
const COARSEST_STEP = 1000;
const DEFAULT_KEEP = 3;
/** Finer grids than 1000 bps are tried only up to this many allocations. */
const MAX_GRID_POINTS = 3_000;
const DEFAULT_BUDGET = 3_000_000;
/**
 * Moves a search tries in all (costed or skipped by their ceiling), about 4 µs each on a 2-core
 * machine: every shipped scenario tries under 1.3 million, a 180-day 5-position market 24 million.
 */
const MAX_MOVES = 4_000_000;
/** Weight distance (bps) beyond the turnover limit a move may span: drift since the last move. */
const DRIFT_SLACK_BPS = 500;
/** Weight distance (bps) a day's voluntary moves may span: the turnover limit and the drift since the last move. */
const reachOf = (limits: { readonly maxTurnoverPerDayBps: number }): number => limits.maxTurnoverPerDayBps + DRIFT_SLACK_BPS;

/** @example upperBound(ctx).navEndEth >= replay(ctx, …).series.at(-1).navEth (up to the grid) */
export function upperBound(ctx: ReplayContext, opts: BoundOptions = {}): BoundResult {
  const { doc, market, specs, limits } = ctx;
  const model = buildBoundModel(doc, market, specs, limits);
  const epochSteps = opts.epochSteps ?? Math.max(1, Math.round(SECONDS_PER_DAY / doc.stepSeconds));
  const first = doc.warmupSteps;
  const last = market.length - 1;
  const epochCount = Math.ceil((last - first) / epochSteps);
  const init = specs.map((s) => doc.initial.weights[s.id] ?? 0);
  const groups = capGroups(specs, limits, 0);
  const initExcess = brokenGroups(groups, Object.fromEntries(specs.map((s, i) => [s.id, init[i] ?? 0]))).reduce((a, b) => a + b.sum - b.group.capBps, 0);
  const forcedStart = initExcess > 0;
  const R = model.rewardTokens.length;
  /** Per-position weight changes of the move being costed (reused: costs() runs millions of times). */
  const scratch = new Float64Array(specs.length);
  /** The result of the move being costed (costs() runs millions of times: one object, rewritten; read before the next call). */
  const moveCost: MoveCost = { cost: 0, gas: 0, moved: 0, locked: 0, unlock: 0, done: 0, ok: false, choice: false, buys: false };
  /** Per-position value queued by the move being costed. */
  const lockScratch = new Float64Array(specs.length);
  /** (liquid position, restaked position) pairs of the same LRT: a move between them is a restake in place. */
  const restakePairs: [number, number][] = [];
  specs.forEach((a, i) => restakedTwins(specs, a).forEach((b) => restakePairs.push([i, specs.indexOf(b)])));
  const inRestakePair = Uint8Array.from(specs, (_, i) => (restakePairs.some((p) => p.includes(i)) ? 1 : 0));
  /** The positions forced out at each decision epoch (mustExit), one entry per distinct set. */
  const exitMasks = new Map<string, boolean[]>();
  for (let k = first; k < last; k += epochSteps) {
    const mask = specs.map((_, i) => ((model.mustExit[i] as Uint8Array)[k] as number) === 1);
    if (mask.some(Boolean)) exitMasks.set(mask.join(','), mask);
  }

  // The finest grid whose beam search fits the budget, never coarser than 1000 bps: the beam's
  // width shrinks (down to 1) before the grid coarsens.
  const budget = opts.maxTransitions ?? DEFAULT_BUDGET;
  let keep = opts.keepPerAllocation ?? DEFAULT_KEEP;
  let chosen: { step: number; grid: Grid; neighbours: number[][] } | undefined;
  const steps = opts.gridStepBps === undefined ? GRID_STEPS : [opts.gridStepBps];
  for (const g of steps) {
    const onGrid = opts.gridStepBps === undefined && g < COARSEST_STEP ? allocationGrid(specs, limits, g, MAX_GRID_POINTS) : allocationGrid(specs, limits, g);
    if (onGrid === undefined) continue;
    const reach = reachOf(limits);
    // A start off the grid also gets halfway points to the grid points a day cannot reach.
    const startOnGrid = onGrid.some((w) => w.every((x, i) => x === init[i]));
    const bridges = startOnGrid ? [] : startBridges(onGrid, specs, limits, init, limits.maxTurnoverPerDayBps);
    // The grid's own allocations without a forced position are on the grid or a step from it;
    // the start and its bridges, off the grid, get theirs added (a third more allocations
    // otherwise, from the cap-filling corners, for no exit the search could not already make).
    const grid = [...onGrid, ...bridges, ...forcedExitPoints([init, ...bridges], [...exitMasks.values()], specs, limits)];
    const neighbours = neighbourLists(grid, init, reach, initExcess);
    const moves = neighbours.reduce((a, nb) => a + nb.length, 0);
    const work = (k: number): number => moves * k * epochCount * 2;
    chosen = { step: g, grid, neighbours };
    if (opts.gridStepBps !== undefined || work(keep) <= budget) break;
    if (g >= COARSEST_STEP) {
      while (keep > 1 && work(keep) > budget) keep--;
      break;
    }
  }
  const { step, grid, neighbours } = chosen as { step: number; grid: Grid; neighbours: number[][] };
  const weights: (readonly number[])[] = [...grid, init];
  /** The grid's allocations near a given one (forced exits' targets). */
  const gridNear = allocationIndex(grid);
  const initIndex = grid.length;
  const invested = weights.map((w) => sum(w) / 10_000);
  /** Free cash the idle buffer keeps, as a share of the value (pending exits do not count). */
  const idleFloor = limits.minIdleBps / 10_000;

  const total = doc.initial.totalEth;
  const prio = doc.priorityFeeGwei;
  const start: Entry = { s: initIndex, k0: first, at: first, P: total, I: total * (1 - (invested[initIndex] as number)), L: 0, unlock: 0, lock: undefined, done: 0, tok: new Float64Array(R), parent: undefined, gas: 0, moved: 0, rebalance: false };
  let live: Entry[] = [start];
  let locksSeen = false;
  let movesCosted = 0;
  let movesSkipped = 0;
  let pruned = false;
  let epochs = 0;
  const totalEpochs = Math.ceil((last - first) / epochSteps);
  const movesPerEpoch = Math.floor((opts.maxMoves ?? MAX_MOVES) / Math.max(1, totalEpochs));
  /** Epochs where some histories tried no move (the move budget), and how many did not. */
  let epochsCut = 0;
  let sourcesCut = 0;
  /** Moves that passed every limit (offered to the beam or not): a forced exit with none is left as it is. */
  let feasibleMoves = 0;
  for (let k = first; k < last; k += epochSteps) {
    epochs++;
    const m = market[k] as MarketStep;
    const forcedNow = forcedStart && k === first;
    const mayRebalance = forcedNow || m.baseFeeGwei <= limits.maxBaseFeeGwei;
    const gasPrice = (m.baseFeeGwei + prio) * 1e-9;
    const exits = exitView(m);
    // Positions every run must leave now (a confirmed depeg, a slashed operator): the same
    // forced exits as the replay's risk engine, which does not wait for a better day either.
    const forcedOut = specs.map((_, i) => ((model.mustExit[i] as Uint8Array)[k] as number) === 1);
    const forcedTargets = new Map<number, number[]>();
    /** The start that breaks a cap, at the first decision: repaired whatever it costs. */
    const repairsStart = (e: Entry): boolean => forcedNow && e.s === initIndex;
    const beam = new Beam<Entry>(keep);
    const ceiling = opts.costEveryMove === true ? undefined : epochCeiling(exits, k, gasPrice);
    // Staying (and claiming) first, then moves from the richest sources first: the beam's
    // thresholds are then high early and most moves' ceilings fall below them (bound-ceiling.ts).
    // The beam keeps the best by value whatever the order; only exact ties could go the other way.
    const sources: Source[] = [];
    for (const from of live) {
      const w = weights[from.s] as readonly number[];
      // Through a base-fee spike the replay's depeg exit may wait (plan/exit-wait.ts): so may the bound.
      const forced = mayRebalance && w.some((x, i) => x > 0 && forcedOut[i] === true);
      const mustMove = repairsStart(from) || forced;
      const claim = claimAt(from, k, gasPrice);
      if (!mustMove) offerStay(beam, from, claim, k);
      if (!mayRebalance) continue;
      const held = Float64Array.from(specs, (_, i) => ((w[i] as number) / 10_000) * from.P * growth(from, i, k));
      const carried = claim === undefined ? Float64Array.from({ length: R }, (_, r) => tokensAt(from, r, k)) : Float64Array.from(claim.left);
      const cv = carriedValue(carried, k);
      const V = held.reduce((a, b) => a + b, 0) + from.I + (claim?.proceeds ?? 0);
      // A forced move is not held to the day's turnover (the risk engine's forced moves are not either).
      let extraTurnoverBps = repairsStart(from) ? initExcess : 0;
      if (forced) held.forEach((h, i) => (extraTurnoverBps += forcedOut[i] === true ? (h / V) * 10_000 : 0));
      sources.push({ from, held, V, claim, carried, carriedValue: cv, extraTurnoverBps, forced, rank: V + cv - (claim?.gas ?? 0) });
    }
    // Richest first: the ceilings prune more (above), and the budget cuts the poorest.
    sources.sort((a, b) => b.rank - a.rank);
    let tried = 0;
    for (const [index, source] of sources.entries()) {
      const { from, held } = source;
      const reached = source.forced ? forcedTargetsOf(from.s, forcedOut, repairsStart(from) ? initExcess : 0, forcedTargets) : (neighbours[from.s] as number[]);
      const count = reached.length;
      if (tried > 0 && tried + count > movesPerEpoch) {
        epochsCut++;
        sourcesCut += sources.length - index;
        break;
      }
      tried += count;
      // A move from an entry with cash still locked keeps it locked: it cannot be a free entry.
      const sourceFree = !(from.unlock > k && from.L > 0);
      const feasibleBefore = feasibleMoves;
      for (const j of reached) {
        // A move the beam would turn away whatever it costs is not costed (bound-ceiling.ts).
        // Only once the beam has turned something away: skipping then changes no flag either.
        const target = grid[j] as readonly number[];
        const share = ceiling?.discountShare?.[j] ?? 0;
        const claimGas = source.claim?.gas ?? 0;
        let top = Number.POSITIVE_INFINITY;
        // A forced source offers no stay, so no move of it may be skipped: each is costed.
        if (ceiling !== undefined && !source.forced && (pruned || beam.pruned)) {
          const lockedFloor = beam.floor(j, false);
          if (lockedFloor > Number.NEGATIVE_INFINITY) {
            const freeFloor = sourceFree ? beam.floor(j, true) : lockedFloor;
            top = moveValueCeiling(source.V, claimGas, source.carriedValue, held, target, share, ceiling, freeFloor);
            // Above the best free entry only matters to a move that can end free.
            if (top <= freeFloor || (top <= lockedFloor && mustQueue(source.V, claimGas, held, target, share, ceiling))) {
              movesSkipped++;
              continue;
            }
          }
        }
        // Sell now where a route allows it; then, when some sale could also queue, the same
        // move with those sales queued.
        movesCosted++;
        const now = transition(source, j, k, exits, gasPrice, false, beam);
        if (!now) continue;
        // The same ceiling holds for the queued variant, against what the beam holds by now.
        if (ceiling !== undefined && !source.forced && (pruned || beam.pruned)) {
          const floor = beam.floor(j, sourceFree);
          if (floor > Number.NEGATIVE_INFINITY) {
            if (top === Number.POSITIVE_INFINITY) top = moveValueCeiling(source.V, claimGas, source.carriedValue, held, target, share, ceiling, floor);
            if (top <= floor) continue;
          }
        }
        transition(source, j, k, exits, gasPrice, true, beam);
      }
      // No route takes the forced exit within the limits (a paused queue, a pool past the
      // per-swap limit): the replay's engine leaves the position too, so the bound may stay.
      if (source.forced && feasibleMoves === feasibleBefore) offerStay(beam, from, source.claim, k);
    }
    if (beam.pruned) pruned = true;
    live = beam.entries();
    opts.onEpoch?.(epochs, totalEpochs);
    // An entry kept from the last epoch was counted when it was made; counting it again changes nothing.
    if (live.some((e) => e.L > 0)) locksSeen = true;
  }

  let best = live[0] ?? start;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const e of live) {
    const v = valueAt(e, last, true);
    if (v > bestValue) {
      bestValue = v;
      best = e;
    }
  }
  const chain: Entry[] = [];
  for (let e: Entry | undefined = best; e !== undefined; e = e.parent) chain.unshift(e);
  const series: { step: number; timestamp: number; navEth: number }[] = [];
  let c = 0;
  for (let t = first; t <= last; t++) {
    while (c + 1 < chain.length && (chain[c + 1] as Entry).at <= t) c++;
    series.push({ step: t, timestamp: (market[t] as MarketStep).timestamp, navEth: valueAt(chain[c] as Entry, t, true) });
  }
  const tail = chain[chain.length - 1] as Entry;
  const days = ((market[last] as MarketStep).timestamp - (market[first] as MarketStep).timestamp) / SECONDS_PER_DAY;
  const approximate = pruned || locksSeen || epochsCut > 0;
  const budgetText = epochsCut === 0 ? '' : `; moves tried from the richest histories only on ${epochsCut} of ${epochs} days (${movesPerEpoch} moves a day at most, ${sourcesCut} histories left as they were)`;
  return {
    navStartEth: valueAt(chain[0] as Entry, first, true),
    navEndEth: bestValue,
    discretisation: {
      gridStepBps: step,
      states: grid.length,
      epochSeconds: epochSteps * doc.stepSeconds,
      epochs,
      keepPerAllocation: keep,
      approximate,
      movesCosted,
      movesSkipped,
      text:
        `grid ${step} bps (${grid.length} allocations incl. cap-filling corners), one decision per ${(epochSteps * doc.stepSeconds) / 3600} h (${epochs} epochs over ${days.toFixed(1)} days), ` +
        `best ${keep} histories kept per allocation${budgetText}; queued exits paid after their delay, the exits the risk engine forces taken with it, rewards sold on their pool; ` +
        (approximate ? 'approximate: a feasible policy found by beam search, not a proven optimum' : 'exact for this grid'),
    },
    path: chain.filter((e) => e.rebalance).map((e) => ({ step: e.k0, weights: Object.fromEntries(specs.map((s, i) => [s.id, (weights[e.s] as readonly number[])[i] ?? 0])) })),
    series,
    gasEth: tail.gas,
    movedEth: tail.moved,
    source: 'search',
  };

  /**
   * What the value ceiling of every move at this epoch shares: the overhead gas, and per grid
   * allocation its share of pool-entry discount. Undefined when some pool pays above the rate
   * after its fee (the ceiling assumes no sale gains; such an epoch costs every move).
   */
  function epochCeiling(exits: ExitView, k: number, gasPrice: number): (CeilingEpoch & { discountShare: Float64Array | undefined }) | undefined {
    const liquid = (i: number): boolean => (specs[i] as PositionSpec).eigen === undefined;
    if (exits.some((x, i) => liquid(i) && salePremium(x.rate, x.dex) > 0)) return undefined;
    const discount = exits.map((x, i) => (liquid(i) ? entryDiscount(x.rate, x.dex) : 0));
    const discountShare = discount.some((d) => d > 0) ? Float64Array.from(grid, (w) => w.reduce((a, wi, i) => a + (wi / 10_000) * (discount[i] as number), 0)) : undefined;
    // Per position, each exit's gas and the share of the value it loses at least (a pool sale
    // pays at most keep · spot / rate of the value; instant keeps `keep`; a queue keeps exitKeep).
    const nowGas = new Float64Array(specs.length).fill(Number.POSITIVE_INFINITY);
    const nowLoss = new Float64Array(specs.length);
    const queueGas = new Float64Array(specs.length).fill(Number.POSITIVE_INFINITY);
    const queueLoss = new Float64Array(specs.length);
    exits.forEach((x, i) => {
      const spec = specs[i] as PositionSpec;
      if (liquid(i) && (x.dex !== undefined || x.instant !== undefined)) {
        nowGas[i] = GAS.withdraw * gasPrice;
        let lossShare = Number.POSITIVE_INFINITY;
        if (x.dex !== undefined) lossShare = x.dex.token > 0 ? Math.max(0, 1 - (x.dex.keep * x.dex.weth) / (x.rate * x.dex.token)) : 0;
        if (x.instant !== undefined) lossShare = Math.min(lossShare, 1 - x.instant.keep);
        nowLoss[i] = lossShare;
      }
      if (((model.paidAt[i] as Int32Array)[k] as number) >= 0) {
        queueGas[i] = ((spec.eigen ? GAS['eigen-queue-withdrawal'] : GAS.withdraw) + GAS['complete-withdrawal']) * gasPrice;
        queueLoss[i] = 1 - ((model.exitKeep[i] as Float64Array)[k] as number);
      }
    });
    const buyGas = Float64Array.from(specs, (spec) => (GAS['deposit-lrt'] + (spec.eigen ? GAS['eigen-deposit'] : 0)) * gasPrice);
    let pairActionGas = GAS['eigen-deposit'] * gasPrice;
    specs.forEach((_, i) => {
      if (inRestakePair[i] === 1) pairActionGas = Math.min(pairActionGas, nowGas[i] as number, queueGas[i] as number, buyGas[i] as number);
    });
    const queueOnly = Uint8Array.from(exits, (x, i) => {
      const now = liquid(i) && (x.dex !== undefined || x.instant !== undefined);
      const restakes = restakePairs.some(([from]) => from === i);
      return !now && !restakes && ((model.exitKeep[i] as Float64Array)[k] as number) > 0 ? 1 : 0;
    });
    return { overheadGas: GAS.bundleOverhead * gasPrice, nowGas, nowLoss, queueGas, queueLoss, buyGas, pairActionGas, inRestakePair, queueOnly, discountShare };
  }

  function exitView(m: MarketStep): ExitView {
    return specs.map((spec): PositionExit => {
      const lrt = m.lrt[spec.symbol];
      const rate = lrt?.rate ?? 1;
      const pool = spec.exits.dex && lrt?.dex ? { token: weiToNumber(lrt.dex.token), weth: weiToNumber(lrt.dex.weth), keep: 1 - spec.exits.dex.feeBps / 10_000 } : undefined;
      const dex = pool === undefined ? undefined : { ...pool, fill: poolFill(pool.token, pool.weth, pool.keep, rate) };
      const open = spec.exits.instant !== undefined && lrt !== undefined && lrt.withdrawalsPaused !== true;
      const instant = open ? { keep: 1 - (spec.exits.instant?.feeBps ?? 0) / 10_000, feeBps: spec.exits.instant?.feeBps ?? 0, liquidity: lrt.instantLiquidityWei === undefined ? Number.POSITIVE_INFINITY : weiToNumber(lrt.instantLiquidityWei) } : undefined;
      return { rate, ...(dex === undefined ? {} : { dex }), ...(instant === undefined ? {} : { instant }) };
    });
  }

  function growth(e: Entry, i: number, t: number): number {
    const c = model.cumLog[i] as Float64Array;
    return Math.exp((c[t] as number) - (c[e.k0] as number));
  }

  /** Reward token r held by entry e at step t (unclaimed and unsold). */
  function tokensAt(e: Entry, r: number, t: number): number {
    const w = weights[e.s] as readonly number[];
    let x = e.tok[r] as number;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i] as number;
      const acc = model.rewardAcc[i]?.[r];
      if (wi === 0 || acc === undefined) continue;
      x += (wi / 10_000) * e.P * Math.exp(-((model.cumLog[i] as Float64Array)[e.k0] as number)) * ((acc[t] as number) - (acc[e.k0] as number));
    }
    return x;
  }

  function rewardValue(e: Entry, t: number): number {
    let v = 0;
    for (let r = 0; r < R; r++) {
      const pool = model.rewardPool[r] as { token: Float64Array; weth: Float64Array };
      v += rewardSale(tokensAt(e, r, t), pool.token[t] as number, pool.weth[t] as number);
    }
    return v;
  }

  function valueAt(e: Entry, t: number, marked: boolean): number {
    const w = weights[e.s] as readonly number[];
    let v = e.I + rewardValue(e, t);
    if (marked && e.lock !== undefined && e.unlock > t) v -= lockedDiscount(e, t);
    for (let i = 0; i < w.length; i++) {
      const wi = w[i] as number;
      if (wi === 0) continue;
      v += (wi / 10_000) * e.P * growth(e, i, t) * (marked ? ((model.mark[i] as Float64Array)[t] as number) : 1);
    }
    return v;
  }

  /** What the entry's locked exits are worth below par at step t: each marked like its LRT, narrowing to par as the wait runs out. */
  function lockedDiscount(e: Entry, t: number): number {
    const lock = e.lock as Float64Array;
    let d = 0;
    for (let i = 0; i < lock.length; i++) {
      const x = lock[i] as number;
      if (x <= 0) continue;
      const mk = (model.mark[i] as Float64Array)[t] as number;
      const f = specs[i]?.eigen !== undefined ? mk : pendingClaimFactor(mk, e.done - (model.time[t] as number), (model.queueDelay[i] as Float64Array)[t] as number, (model.paused[i] as Uint8Array)[t] === 1);
      d += x * (1 - f);
    }
    return d;
  }

  /** Claiming and selling every reward token held now, when the sale is within the per-swap loss limit and pays its gas. */
  function claimAt(e: Entry, k: number, gasPrice: number): { proceeds: number; gas: number; left: number[] } | undefined {
    let proceeds = 0;
    let units = 0;
    const left: number[] = [];
    for (let r = 0; r < R; r++) {
      const x = tokensAt(e, r, k);
      const pool = model.rewardPool[r] as { token: Float64Array; weth: Float64Array };
      const rt = pool.token[k] as number;
      const rw = pool.weth[k] as number;
      const out = rewardSale(x, rt, rw);
      const fair = rt > 0 ? (x * rw) / rt : 0;
      if (x > 0 && out > 0 && ((fair - out) / fair) * 10_000 <= limits.maxSlippageBpsPerSwap) {
        proceeds += out;
        units += GAS['swap-reward'];
        left.push(0);
      } else left.push(x);
    }
    if (units === 0) return undefined;
    const gas = (units + GAS['claim-rewards'] + GAS.bundleOverhead) * gasPrice;
    return proceeds > gas ? { proceeds, gas, left } : undefined;
  }

  /**
   * The move from `src` to allocation `to` (selling now where a route allows, or `viaQueue`),
   * offered to the beam when feasible. Returns whether the queued variant is worth trying.
   */
  function transition(src: Source, to: number, k: number, exits: ExitView, gasPrice: number, viaQueue: boolean, beam: Beam<Entry>): boolean {
    const { from, held, V, claim } = src;
    const target = grid[to] as readonly number[];
    const lockedNow = from.unlock > k ? from.L : 0;
    const claimGas = claim === undefined ? 0 : claim.gas;
    // Targets are shares of the value after costs; the costs depend on the targets, and the
    // fixed point is reached in a few rounds (costs are a small fraction of the value).
    let after = V;
    let result: MoveCost | undefined;
    for (let round = 0; round < 8; round++) {
      result = costs(held, target, after, V, k, exits, gasPrice, viaQueue, src.extraTurnoverBps);
      const next = V - result.cost - claimGas;
      const settled = Math.abs(next - after) <= 1e-12 * V;
      after = next;
      if (settled) break;
    }
    // Queued proceeds cannot pay for purchases of the same move, so queuing instead of selling
    // now is only worth trying for a move that buys nothing or that selling now cannot make.
    const queueAlternative = !viaQueue && result !== undefined && result.choice && (!result.ok || !result.buys);
    if (result === undefined || !result.ok || after <= 0) return queueAlternative;
    const cash = after * (1 - (invested[to] as number));
    const L = lockedNow + result.locked;
    let lock: Float64Array | undefined;
    if (L > 0) {
      lock = new Float64Array(specs.length);
      if (lockedNow > 0 && from.lock !== undefined) lock.set(from.lock);
      if (result.locked > 0) for (let i = 0; i < lock.length; i++) lock[i] = (lock[i] as number) + (lockScratch[i] as number);
    }
    const done = Math.max(lockedNow > 0 ? from.done : 0, result.locked > 0 ? result.done : 0);
    // Purchases are paid from free cash: what stays idle must cover everything still locked,
    // and (as the risk engine counts pending exits) still hold the idle minimum on top of it. A forced repair of the start is exempt: it must happen whatever it leaves.
    if (cash + 1e-9 < L + (L > 0 && src.extraTurnoverBps === 0 ? idleFloor * after : 0)) return queueAlternative;
    const unlock = Math.max(lockedNow > 0 ? from.unlock : 0, result.unlock);
    feasibleMoves++;
    // Every move to `to` now has the same composition: ranked by its value after costs.
    const value = after + src.carriedValue;
    const free = L === 0 || unlock <= k;
    if (!beam.accepts(to, value, free)) return queueAlternative;
    beam.offer(
      { s: to, k0: k, at: k, P: after, I: cash, L, unlock, lock, done, tok: src.carried, parent: from, gas: from.gas + result.gas + claimGas, moved: from.moved + result.moved, rebalance: true },
      value,
      free,
    );
    return queueAlternative;
  }

  /** Staying as it is, and staying with the rewards claimed and sold. */
  function offerStay(beam: Beam<Entry>, from: Entry, claim: Source['claim'], k: number): void {
    beam.offer(from, valueAt(from, k, false), from.unlock <= k);
    if (claim === undefined) return;
    const tok = from.tok.map((t, r) => t + (claim.left[r] as number) - tokensAt(from, r, k));
    const claimed: Entry = { ...from, at: k, I: from.I + claim.proceeds - claim.gas, tok, parent: from, gas: from.gas + claim.gas, rebalance: false };
    beam.offer(claimed, valueAt(claimed, k, false), from.unlock <= k);
  }

  /**
   * The grid allocations an allocation reaches when the positions in `out` must be left: none of
   * them held, and the rest within a day's reach of where the allocation stands without them
   * (plus `extra`, a forced repair of the start). Worked out once per epoch and allocation.
   */
  function forcedTargetsOf(from: number, out: readonly boolean[], extra: number, cache: Map<number, number[]>): number[] {
    const known = cache.get(from);
    if (known !== undefined) return known;
    const list = gridNear(weights[from] as readonly number[], reachOf(limits) + extra, out);
    cache.set(from, list);
    return list;
  }

  function carriedValue(tokens: Float64Array, t: number): number {
    let v = 0;
    for (let r = 0; r < R; r++) {
      const pool = model.rewardPool[r] as { token: Float64Array; weth: Float64Array };
      v += rewardSale(tokens[r] as number, pool.token[t] as number, pool.weth[t] as number);
    }
    return v;
  }

  interface MoveCost {
    cost: number;
    gas: number;
    moved: number;
    locked: number;
    unlock: number;
    /** Unix time after which this move's queued exits are completable. */
    done: number;
    ok: boolean;
    /** Some sale could go either way (now or queued). */
    choice: boolean;
    /** The move buys something. */
    buys: boolean;
  }

  /** Loss + gas of moving `held` to `target` shares of `after`; ok false when a limit forbids it. */
  function costs(held: Float64Array, target: readonly number[], after: number, V: number, k: number, exits: ExitView, gasPrice: number, viaQueue: boolean, extraTurnoverBps: number): MoveCost {
    let gasUnits = GAS.bundleOverhead;
    let loss = 0;
    let routeLoss = 0;
    let moved = 0;
    let locked = 0;
    let unlock = 0;
    let done = 0;
    lockScratch.fill(0);
    let choice = false;
    let buys = false;
    let ok = true;
    const delta = scratch;
    for (let i = 0; i < specs.length; i++) delta[i] = ((target[i] as number) / 10_000) * after - (held[i] as number);
    // Restaking in place: LRT leaving a liquid position for the restaked position of the same
    // token is deposited into EigenLayer as it is, with no sale (as the planner does).
    for (const [from, to] of restakePairs) {
      const x = Math.min(-(delta[from] as number), delta[to] as number);
      if (!(x > 1e-3)) continue;
      delta[from] = (delta[from] as number) + x;
      delta[to] = (delta[to] as number) - x;
      moved += 2 * x;
      gasUnits += GAS['eigen-deposit'];
      if ((model.canBuy[to] as Uint8Array)[k] === 0) ok = false;
    }
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i] as PositionSpec;
      const d = delta[i] as number;
      if (Math.abs(d) < 1e-3) continue;
      if (d > 0) {
        buys = true;
        if ((model.canBuy[i] as Uint8Array)[k] === 0) ok = false;
        gasUnits += GAS['deposit-lrt'] + (spec.eigen ? GAS['eigen-deposit'] : 0);
        // The cheaper entry, as the planner takes it: a liquid LRT bought on its pool when the
        // pool pays more than a mint (a discount beyond fee and impact): less cash for the same value.
        const spent = spec.eigen === undefined ? dexEntryCost(exits[i] as PositionExit, d) : d;
        loss -= d - spent;
        moved += spent;
        continue;
      }
      moved += -d;
      const now = spec.eigen === undefined ? saleNow(exits[i] as PositionExit, -d, limits.maxSlippageBpsPerSwap) : undefined;
      const paidAt = (model.paidAt[i] as Int32Array)[k] as number;
      const queue = paidAt >= 0;
      if (now !== undefined && queue) choice = true;
      if (now !== undefined && !(viaQueue && queue)) {
        routeLoss += -d - now;
        loss += -d - now;
        gasUnits += GAS.withdraw;
        continue;
      }
      if (!queue) {
        ok = false;
        continue;
      }
      const kept = -d * ((model.exitKeep[i] as Float64Array)[k] as number);
      loss += -d - kept;
      locked += kept;
      lockScratch[i] = kept;
      unlock = Math.max(unlock, paidAt);
      done = Math.max(done, (model.doneAt[i] as Float64Array)[k] as number);
      gasUnits += (spec.eigen ? GAS['eigen-queue-withdrawal'] : GAS.withdraw) + GAS['complete-withdrawal'];
    }
    if ((moved / V) * 10_000 > limits.maxTurnoverPerDayBps + extraTurnoverBps + 1) ok = false;
    if ((routeLoss / V) * 10_000 > limits.maxSlippageBpsPerRebalance) ok = false;
    const gas = gasUnits * gasPrice;
    const out = moveCost;
    out.cost = loss + gas;
    out.gas = gas;
    out.moved = moved;
    out.locked = locked;
    out.unlock = unlock;
    out.done = done;
    out.ok = ok;
    out.choice = choice;
    out.buys = buys;
    return out;
  }
}

/** One position's immediate exits at a step, as floats (read once per epoch, used per move). */
interface PositionExit {
  readonly rate: number;
  /** DEX: pool reserves (token, WETH) and the fee kept factor; absent without a DEX route. */
  readonly dex?: { readonly token: number; readonly weth: number; readonly keep: number; readonly fill?: { readonly fillCash: number; readonly fillLrt: number } };
  /** Instant exit: fee kept factor and liquidity (Infinity = unlimited); absent when closed. */
  readonly instant?: { readonly keep: number; readonly feeBps: number; readonly liquidity: number };
}
type ExitView = readonly PositionExit[];

/** What selling `valueEth` of a liquid position now pays: DEX within the per-swap limit or instant within its liquidity (closed while paused). */
function saleNow(x: PositionExit, valueEth: number, maxSwapBps: number): number | undefined {
  let best: number | undefined;
  if (x.dex !== undefined) {
    const lrt = (valueEth / x.rate) * x.dex.keep;
    const out = (lrt * x.dex.weth) / (x.dex.token + lrt);
    if (((valueEth - out) / valueEth) * 10_000 <= maxSwapBps) best = out;
  }
  if (x.instant !== undefined && x.instant.liquidity >= valueEth && x.instant.feeBps <= maxSwapBps) {
    const out = valueEth * x.instant.keep;
    if (best === undefined || out > best) best = out;
  }
  return best;
}

/**
 * Cash that buys `valueEth` (at the protocol rate) of a liquid LRT by its cheaper entry, as the
 * planner plans it (src/plan/entry.ts): the pool (fee and impact included, constant product
 * inverted) up to where its price reaches the rate, a mint for the rest. The second
 * transaction's gas is left out: the bound may only be more optimistic than the planner.
 */
export function dexEntryCost(x: PositionExit, valueEth: number): number {
  if (x.dex === undefined) return valueEth;
  const { token, weth, keep } = x.dex;
  const lrt = valueEth / x.rate;
  const { fillCash, fillLrt } = x.dex.fill ?? poolFill(token, weth, keep, x.rate);
  if (lrt > fillLrt) return Math.min(valueEth, fillCash + (lrt - fillLrt) * x.rate);
  if (!(lrt < token)) return valueEth;
  const cash = (lrt * weth) / ((token - lrt) * keep);
  return Math.min(valueEth, cash);
}

/**
 * Where buying on the pool stops paying: the cash that takes its price up to the rate, and the
 * LRT it buys. A step's pool is the same for every move, so exitView works it out once per epoch.
 * @example poolFill(10_000, 9_850, 0.997, 1).fillCash // ≈ 60.0 ETH
 */
export function poolFill(token: number, weth: number, keep: number, rate: number): { fillCash: number; fillLrt: number } {
  const fillCash = poolFillCash(token, weth, keep, rate);
  return { fillCash, fillLrt: (fillCash * keep * token) / (weth + fillCash * keep) };
}

/**
 * For each grid allocation, and then for the starting one, the grid allocations within `reach`
 * bps of it (L1 distance; the start also reaches `startExtra` further, its forced repair), in
 * index order.
 * @example neighbourLists([[0, 0], [1000, 0], [3000, 0]], [0, 0], 2500, 0) // [[1], [0, 2], [1], [0, 1]]
 */
export function neighbourLists(grid: readonly (readonly number[])[], start: readonly number[], reach: number, startExtra: number): number[][] {
  const near = allocationIndex(grid);
  const out = grid.map((w, a) => near(w, reach).filter((j) => j !== a));
  out.push(near(start, reach + startExtra));
  return out;
}

/**
 * The allocations of `grid` within `limit` bps (L1) of an allocation, in index order; those with
 * a weight on a position `zeroed` marks are left out (a forced exit's targets). Comparing every
 * pair was quadratic (seven positions on a 1000 bps grid are 22,762 allocations: 518 million
 * pairs, 6 s), so the allocations are kept in a trie, one level a position keyed by its weight
 * (a handful of values each), and a query walks only the branches its distance so far leaves
 * room for, summing it position by position as a comparison of the pair would.
 */
export function allocationIndex(grid: readonly (readonly number[])[]): (w: readonly number[], limit: number, zeroed?: readonly boolean[]) => number[] {
  const dims = grid[0]?.length ?? 0;
  const root: TrieNode = new Map();
  grid.forEach((w, a) => {
    let node = root;
    for (let i = 0; i < dims; i++) {
      const x = w[i] ?? 0;
      let child = node.get(x);
      if (child === undefined) {
        child = i === dims - 1 ? [] : new Map();
        node.set(x, child);
      }
      if (i === dims - 1) (child as number[]).push(a);
      else node = child as TrieNode;
    }
  });
  return (w, limit, zeroed) => {
    const found: number[] = [];
    const walk = (node: TrieNode | number[], level: number, distance: number): void => {
      if (level === dims) {
        for (const j of node as number[]) found.push(j);
        return;
      }
      if (zeroed?.[level] === true) {
        const child = (node as TrieNode).get(0);
        if (child !== undefined) walk(child, level + 1, distance);
        return;
      }
      const x = w[level] ?? 0;
      for (const [value, child] of node as TrieNode) {
        const d = distance + Math.abs(value - x);
        if (d <= limit) walk(child, level + 1, d);
      }
    };
    if (grid.length > 0) walk(root, 0, 0);
    return found.sort((p, q) => p - q);
  };
}

/** A level of allocationIndex's trie: weight of one position → the next level (or, last, the allocations). */
type TrieNode = Map<number, TrieNode | number[]>;

function sum(w: readonly number[]): number {
  return w.reduce((a, b) => a + b, 0);
}
