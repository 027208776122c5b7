/**
 * The acceptance table of the decision-quality issue: one row per backtest (scenario × config),
 * the strategy's net APY against hold, equal-weight, threshold and the perfect-foresight bound,
 * and PASS/FAIL by the issue's rule:
 *   net APY ≥ hold, equal-weight and threshold; regret to the bound ≤ 3 % of the bound's net
 *   APY; 0 limit breaches; no reverted bundle.
 * The rule is applied here, from the runs' metrics, so every row of the table is judged the
 * same way whatever a single run's own summary says.
 */
import { gapToBoundPp, MAX_REGRET, regretFloor, TIE_APY } from './metrics.ts';
import type { BacktestResult } from './run.ts';

export interface AcceptanceRow {
  readonly scenario: string;
  readonly config: string;
  readonly strategy: string;
  readonly netApy: number;
  readonly holdApy: number;
  readonly equalWeightApy: number;
  readonly thresholdApy: number;
  readonly boundApy: number;
  /** (bound − strategy) / |bound|; null when the bound's APY is 0. */
  readonly regret: number | null;
  /** bound − strategy in percentage points of APY (readable when the bound's APY is near 0). */
  readonly gapPp: number;
  readonly breaches: number;
  readonly rebalances: number;
  readonly gasWei: bigint;
  readonly gasEth: number;
  readonly passed: boolean;
  /** Short names of the failed checks, e.g. ['< hold', 'regret 4.1%']. */
  readonly failed: readonly string[];
}

/** One row from a backtest result; `config` labels the config the run used. */
export function acceptanceRow(r: BacktestResult, config: string): AcceptanceRow {
  const by = (label: string): BacktestResult['runs'][number] | undefined => r.runs.find((x) => x.metrics.label === label);
  const strategy = by('strategy');
  if (strategy === undefined) throw new Error(`backtest of ${r.scenario.name} has no strategy run`);
  const apy = (label: string): number => by(label)?.metrics.netApy ?? Number.NaN;
  const s = strategy.metrics;
  const baselines = [
    ['hold', apy('hold')],
    ['equal-weight', apy('equal-weight')],
    ['threshold', apy('threshold')],
  ] as const;
  const boundApy = r.bound.netApy;
  const regret = boundApy === 0 ? null : (boundApy - s.netApy) / Math.abs(boundApy);
  const failed: string[] = [];
  for (const [label, b] of baselines) if (!(s.netApy + TIE_APY >= b)) failed.push(`< ${label}`);
  // Regret ≤ 3 % of the bound, i.e. the strategy's APY at or above the bound less 3 % of it.
  if (!(s.netApy + TIE_APY >= regretFloor(boundApy))) failed.push(`regret ${pct(regret, 1)}`);
  if (s.breaches > 0) failed.push(`${s.breaches} breach${s.breaches === 1 ? '' : 'es'}`);
  if (s.reverts > 0) failed.push(`${s.reverts} reverted`);
  return {
    scenario: r.scenario.name,
    config,
    strategy: s.strategy,
    netApy: s.netApy,
    holdApy: apy('hold'),
    equalWeightApy: apy('equal-weight'),
    thresholdApy: apy('threshold'),
    boundApy,
    regret,
    gapPp: gapToBoundPp(s.netApy, boundApy),
    breaches: s.breaches,
    rebalances: s.rebalances,
    gasWei: strategy.run.gasWei,
    gasEth: s.gasEth,
    passed: failed.length === 0,
    failed,
  };
}

const pct = (x: number | null, digits = 3): string => (x === null || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`);

/**
 * The table for people: one line per row, then a PASS count. The policy column (config and/or
 * strategy) appears only when the rows come from more than one.
 * @example formatAcceptanceTable([row]) // 'scenario  strategy  hold  …\nsteady  3.395%  …'
 */
export function formatAcceptanceTable(rows: readonly AcceptanceRow[]): string {
  const withConfig = new Set(rows.map((r) => r.config)).size > 1;
  const head = ['scenario', ...(withConfig ? ['policy'] : []), 'strategy', 'hold', 'equal-wt', 'threshold', 'bound', 'regret', 'gap pp', 'breaches', 'rebal.', 'gas ETH', 'result'];
  const cells = rows.map((r) => [
    r.scenario,
    ...(withConfig ? [r.config] : []),
    pct(r.netApy),
    pct(r.holdApy),
    pct(r.equalWeightApy),
    pct(r.thresholdApy),
    pct(r.boundApy),
    pct(r.regret, 1),
    r.gapPp.toFixed(3),
    String(r.breaches),
    String(r.rebalances),
    r.gasEth.toFixed(4),
    r.passed ? 'PASS' : `FAIL (${r.failed.join(', ')})`,
  ]);
  const left = withConfig ? 2 : 1;
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === head.length - 1 ? 0 : (c[i] ?? '').length))));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === c.length - 1 ? x : i < left ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ');
  const passed = rows.filter((r) => r.passed).length;
  return [
    line(head),
    line(head.map((h, i) => '-'.repeat(i === head.length - 1 ? h.length : (widths[i] ?? 0)))),
    ...cells.map(line),
    '',
    `${passed} of ${rows.length} PASS (net APY >= hold, equal-weight and threshold; regret to the bound <= ${MAX_REGRET * 100}% of its net APY; 0 limit breaches; no reverted bundle; gap pp = bound APY − strategy APY in percentage points)`,
    '',
  ].join('\n');
}

/** The same as one JSON object (APYs as fractions, gas also in raw wei). */
export function acceptanceJson(rows: readonly AcceptanceRow[]): unknown {
  return {
    rule: { maxRegret: MAX_REGRET, tieApy: TIE_APY, text: `net APY >= hold, equal-weight and threshold; regret <= ${MAX_REGRET * 100}% of the bound's net APY; 0 limit breaches; no reverted bundle` },
    passed: rows.filter((r) => r.passed).length,
    total: rows.length,
    rows: rows.map((r) => ({ ...r, gasWei: r.gasWei.toString() })),
  };
}
