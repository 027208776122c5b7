/**
 * Limit breaches, checked from the simulated book and the executed trades, not from the risk
 * engine's findings: if the engine had a bug, this is where a backtest would show it.
 *
 * Checked after every step: caps (position, protocol, operator, AVS) and the idle buffer on
 * the book after the trades (1 bps allowed for rounding), each executed sale's loss, the
 * step's total sale loss, discretionary turnover per UTC day (sales forced by a broken cap, a
 * depeg exit or a slashing exit do not count; a broken cap's repair goes to the margin inside
 * it, as the risk engine plans it), and deposits that a breaker forbids: any
 * deposit above the base-fee limit, into a depegged LRT, or to a slashed operator.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_DAY, deviationBps, mulWad } from '../domain/units.ts';
import { liquidTwin } from '../domain/lrt-pairs.ts';
import { midPriceWad } from '../yield/dex.ts';
import { capGroups } from '../risk/cap-groups.ts';
import { gasGrowth } from '../risk/gas-growth.ts';
import { LIMIT_ROUNDING_BPS, idleBelowMinimum } from '../risk/idle-buffer.ts';
import type { Trade } from './apply.ts';
import { protocolPaused, type Book, type Valuation } from './book.ts';
import type { MarketStep } from './market.ts';

export interface Breach {
  readonly step: number;
  readonly timestamp: number;
  readonly code: string;
  readonly observed: number;
  readonly limit: number;
  readonly message: string;
}

export interface BreachState {
  day: number;
  turnoverBps: number;
}

export interface StepCheck {
  readonly market: MarketStep;
  readonly specs: readonly PositionSpec[];
  readonly limits: RiskLimits;
  readonly before: Valuation;
  readonly after: Valuation;
  /** Book after the trades (for slashing observations). */
  readonly book: Book;
  readonly trades: readonly Trade[];
  /** Gas the step's bundle paid from the vault (absent: none). */
  readonly gasWei?: bigint;
  /** Book before the trades, for the queued withdrawals that were due (absent: none counted). */
  readonly bookBefore?: Book;
}

/** Breaches of one step; `state` carries the day's turnover between calls. */
export function checkStep(input: StepCheck, state: BreachState): Breach[] {
  const { market, specs, limits, before, after, trades } = input;
  const out: Breach[] = [];
  const add = (code: string, observed: number, limit: number, message: string): number =>
    out.push({ step: market.index, timestamp: market.timestamp, code, observed: round2(observed), limit, message });
  const bps = (part: bigint, whole: bigint): number => (whole <= 0n ? 0 : Number((part * 1_000_000n) / whole) / 100);

  // Caps: the same groups the limits define, measured on the book after the trades.
  for (const g of capGroups(specs, limits, 0)) {
    if (g.code === 'IDLE_BUFFER') continue;
    const sum = g.members.reduce((s, id) => s + bps(after.positionsWei[id] ?? 0n, after.totalWei), 0);
    if (sum > g.capBps + LIMIT_ROUNDING_BPS) add(g.code, sum, g.capBps, `${g.code} ${g.key}: ${round2(sum)} bps > ${g.capBps} bps after the step`);
  }
  // The idle minimum, measured on the idle value itself: rounding the pending value up to whole
  // bps (as the cap groups take it) flagged a vault whose idle sat exactly on the minimum.
  const idleWei = after.totalWei - after.pendingWei - Object.values(after.positionsWei).reduce((s, w) => s + w, 0n);
  const idleBps = bps(idleWei, after.totalWei);
  if (idleBelowMinimum(idleWei, after.totalWei, limits.minIdleBps)) add('IDLE_BUFFER', idleBps, limits.minIdleBps, `idle ${round2(idleBps)} bps < ${limits.minIdleBps} bps minimum after the step`);

  let lossWei = 0n;
  for (const t of trades) {
    if (t.kind !== 'sell' && t.kind !== 'reward') continue;
    if (t.lossBps > limits.maxSlippageBpsPerSwap + 0.01) add('SLIPPAGE_SWAP', t.lossBps, limits.maxSlippageBpsPerSwap, `${t.positionId ?? 'reward'} ${t.route} sale lost ${t.lossBps} bps`);
    if (t.kind === 'sell') lossWei += t.fairWei - t.outWei;
  }
  const rebalanceLoss = bps(lossWei, before.totalWei);
  if (rebalanceLoss > limits.maxSlippageBpsPerRebalance + 0.01) add('SLIPPAGE_REBALANCE', rebalanceLoss, limits.maxSlippageBpsPerRebalance, `sales lost ${round2(rebalanceLoss)} bps of the vault`);

  // Which sales were forced, judged from the market and the book before the trades.
  const forced = forcedSales(input);
  const day = Math.floor(market.timestamp / SECONDS_PER_DAY);
  if (day !== state.day) {
    state.day = day;
    state.turnoverBps = 0;
  }
  const moved = new Map<string, { sold: number; bought: number }>();
  for (const t of trades) {
    if (t.positionId === null) continue;
    const m = moved.get(t.positionId) ?? { sold: 0, bought: 0 };
    if (t.kind === 'buy') m.bought += bps(t.fairWei, before.totalWei);
    else m.sold += bps(t.fairWei, before.totalWei);
    moved.set(t.positionId, m);
  }
  let discretionary = 0;
  for (const [id, m] of moved) discretionary += m.bought + Math.max(0, m.sold - (forced.get(id) ?? 0));
  state.turnoverBps += discretionary;
  const allowance = LIMIT_ROUNDING_BPS * 2 * specs.length;
  if (discretionary > 0 && state.turnoverBps > limits.maxTurnoverPerDayBps + allowance) {
    add('TURNOVER', state.turnoverBps, limits.maxTurnoverPerDayBps, `discretionary turnover ${round2(state.turnoverBps)} bps today`);
  }

  const buys = trades.filter((t) => t.kind === 'buy');
  if (buys.length > 0 && market.baseFeeGwei > limits.maxBaseFeeGwei) add('BASE_FEE', market.baseFeeGwei, limits.maxBaseFeeGwei, `deposit at base fee ${round2(market.baseFeeGwei)} gwei`);
  for (const t of buys) {
    const spec = specs.find((s) => s.id === t.positionId);
    if (spec === undefined) continue;
    const dev = depegBps(spec, market);
    if (Math.abs(dev) > limits.depeg.thresholdBps) add('DEPEG', dev, limits.depeg.thresholdBps, `deposit into ${spec.id} while its DEX price is ${round2(dev)} bps off`);
    if (limits.slashing.freezeDeposits && spec.eigen && input.book.slashes.some((s) => s.operator.toLowerCase() === spec.eigen?.operator.toLowerCase())) {
      add('SLASHED_OPERATOR', 1, 0, `deposit into ${spec.id} after its operator was slashed`);
    }
  }
  return out;
}

/**
 * bps of the vault each position had to sell: all on a forced exit, else a broken cap's repair,
 * from the weights before the trades to the margin inside the cap. The weights are taken after
 * the step's gas, which the vault pays from idle: it raises every weight by T / (T − gas), and
 * so takes the idle buffer's shortfall further (on a random 50 ETH market a depeg exit's bundle
 * at 1.4 bps of gas topped up an idle buffer 0.97 bps short with a 27.4 bps sale, 25.45 bps of
 * which were counted as discretionary, and the next step's buy took the day past its turnover).
 */
function forcedSales(input: StepCheck): Map<string, number> {
  const { specs, limits, before, market } = input;
  const bps = (part: bigint): number => (before.totalWei <= 0n ? 0 : Number((part * 1_000_000n) / before.totalWei) / 100);
  const forced = new Map<string, number>();
  const due = dueReturns(input);
  const pendingBps = Math.ceil(bps(before.pendingWei - due.wei));
  const held = (id: string): bigint => (before.positionsWei[id] ?? 0n) + (due.lrtWeiTo.get(id) ?? 0n);
  const growth = gasGrowth(before.totalWei, input.gasWei);
  const margin = limits.capMarginBps ?? 0;
  for (const g of capGroups(specs, limits, pendingBps)) {
    const sum = g.members.reduce((s, id) => s + bps(held(id)), 0) * growth;
    if (sum <= g.capBps) continue;
    for (const id of g.members) forced.set(id, Math.max(forced.get(id) ?? 0, sum - (g.capBps - margin) + LIMIT_ROUNDING_BPS));
  }
  for (const spec of specs) {
    const dev = depegBps(spec, market);
    const depegExit = limits.depeg.exit && dev < -limits.depeg.thresholdBps;
    const slashExit = limits.slashing.exit && spec.eigen !== undefined && input.book.slashes.some((s) => s.operator.toLowerCase() === spec.eigen?.operator.toLowerCase());
    if (depegExit || slashExit) forced.set(spec.id, 10_000);
  }
  return forced;
}

/**
 * Queued withdrawals that were due before the trades, as the risk engine sees them: the bundle
 * completes them first, so a protocol withdrawal is cash (src/risk/pending.ts) and an EigenLayer
 * withdrawal is LRT in its liquid twin (src/domain/due-eigen-returns.ts). Counted as pending, a
 * protocol cap the returning LRT broke (the engine's forced repair sold it in the same bundle)
 * read as discretionary turnover.
 */
function dueReturns(input: StepCheck): { wei: bigint; lrtWeiTo: Map<string, bigint> } {
  const { specs, market, bookBefore } = input;
  const lrtWeiTo = new Map<string, bigint>();
  let wei = 0n;
  for (const q of bookBefore?.queued ?? []) {
    if (q.completableAt >= market.timestamp) continue;
    const spec = specs.find((s) => s.id === q.positionId);
    if (spec === undefined) continue;
    if (q.kind === 'protocol') {
      if (protocolPaused(spec.id, specs, market)) continue;
      wei += q.wei;
      continue;
    }
    const twin = liquidTwin(specs, spec);
    const value = mulWad(q.lrt, market.lrt[spec.symbol]?.rateWad ?? 0n);
    if (twin === undefined || value <= 0n) continue;
    wei += value;
    lrtWeiTo.set(twin.id, (lrtWeiTo.get(twin.id) ?? 0n) + value);
  }
  return { wei, lrtWeiTo };
}

function depegBps(spec: PositionSpec, market: MarketStep): number {
  const m = market.lrt[spec.symbol];
  if (m?.dex === undefined || spec.exits.dex === undefined) return 0;
  return deviationBps(midPriceWad(m.dex), m.rateWad);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
