/**
 * Output of `keeper backtest`: a fixed-width table for people and one JSON object for tools.
 * The JSON leaves out the per-step market (the HTML report draws it) but keeps every figure
 * of the table, the breaches, the refusals and clamps by code with their top reasons, the
 * bound's discretisation and the acceptance checks.
 */
import { describeCounts, type FindingReason } from './findings.ts';
import { TIE_APY } from './metrics.ts';
import type { BacktestResult } from './run.ts';

const pct = (x: number | null, digits = 3): string => (x === null ? 'n/a' : `${(x * 100).toFixed(digits)}%`);

/** Reasons per run in the table (the JSON and the report list all top reasons). */
const TABLE_REASONS = 3;

/** `refused SLIPPAGE_SWAP ezETH, 200 steps (240-410): DEX sale of … loses 312 bps > 100`. */
export function reasonLine(r: FindingReason): string {
  const where = r.positionId === undefined ? '' : ` ${r.positionId}`;
  const span = r.firstStep === r.lastStep ? `step ${r.firstStep}` : `steps ${r.firstStep}-${r.lastStep}`;
  return `${r.action} ${r.code}${where}, ${r.steps} step(s) (${span}): ${r.example}`;
}

/** The human-readable table and notes. */
export function formatTable(r: BacktestResult): string {
  const head = ['run', 'strategy', 'net APY', 'regret', 'gap pp', 'turnover', 'gas ETH', 'max DD', 'breaches', 'rebal.'];
  const rows = r.runs.map(({ metrics: m }) => [
    m.label,
    m.strategy,
    pct(m.netApy),
    pct(m.regret, 1),
    m.gapPp.toFixed(3),
    `${m.turnover.toFixed(2)}x`,
    m.gasEth.toFixed(4),
    pct(m.maxDrawdown, 2),
    String(m.breaches),
    String(m.rebalances),
  ]);
  rows.push(['upper bound', 'perfect foresight', pct(r.bound.netApy), '0.0%', '0.000', `${(r.bound.movedEth / r.bound.navStartEth).toFixed(2)}x`, r.bound.gasEth.toFixed(4), '-', '-', String(r.bound.path.length)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    `scenario ${r.scenario.name} (${r.scenario.days.toFixed(1)} days, ${r.scenario.steps - r.scenario.warmupSteps} steps of ${r.scenario.stepSeconds / 3600} h): ${r.scenario.description}`,
    `config: vault ${r.config.vault}, strategy ${r.config.strategy}${r.config.note ? `\nnote: ${r.config.note}` : ''}`,
    '',
    line(head),
    line(head.map((_, i) => '-'.repeat(widths[i] ?? 0))),
    ...rows.map(line),
    '',
    `bound: ${r.bound.discretisation.text}`,
    ...aboveTheBound(r),
    `acceptance: ${r.acceptance.passed ? 'PASSED' : 'FAILED'}`,
    ...r.acceptance.checks.map((c) => `  [${c.ok ? 'ok' : '!!'}] ${c.name}: ${c.detail}`),
  ];
  out.push('why (steps with refusals and clamps by code; top reasons):');
  for (const { metrics, run } of r.runs) {
    out.push(`  ${metrics.label}: ${describeCounts(run.findings)}`);
    for (const reason of run.findings.topReasons.slice(0, TABLE_REASONS)) out.push(`    ${reasonLine(reason)}`);
  }
  const breaches = r.runs.flatMap(({ metrics, run }) => run.breaches.slice(0, 5).map((b) => `  ${metrics.label} step ${b.step}: ${b.code} ${b.message}`));
  if (breaches.length > 0) out.push('breaches (first 5 per run):', ...breaches);
  const reverts = r.runs.flatMap(({ metrics, run }) => run.reverts.slice(0, 5).map((v) => `  ${metrics.label} step ${v.step}: ${v.reason}`));
  if (reverts.length > 0) out.push('reverted bundles (first 5 per run):', ...reverts);
  return `${out.join('\n')}\n`;
}

/**
 * Runs that ended above the bound: the bound keeps to every limit and is lifted to every run
 * that did, so these broke one (or had a bundle revert), and their negative regret measures what
 * breaking it paid, not a policy better than the best.
 */
function aboveTheBound(r: BacktestResult): string[] {
  const above = r.runs.filter(({ metrics: m }) => m.netApy > r.bound.netApy + TIE_APY).map(({ metrics: m }) => `${m.label} (${m.breaches} breach(es), ${m.reverts} reverted)`);
  if (above.length === 0) return [];
  return [`above the bound: ${above.join(', ')}: the bound keeps to every limit, so a run that broke one can end above it, and its regret is negative`];
}

/** The machine-readable result (bigints as decimal strings). */
export function toJson(r: BacktestResult): unknown {
  return {
    scenario: r.scenario,
    config: r.config,
    runs: r.runs.map(({ metrics, run }) => ({
      ...metrics,
      compounds: run.compounds,
      refusals: run.refusals,
      findings: run.findings,
      reverts: run.reverts,
      breachList: run.breaches,
      costs: { gasWei: run.gasWei.toString(), feesWei: run.feesWei.toString(), slippageWei: run.slippageWei.toString(), movedWei: run.movedWei.toString() },
    })),
    bound: {
      netApy: r.bound.netApy,
      navStartEth: r.bound.navStartEth,
      navEndEth: r.bound.navEndEth,
      gasEth: r.bound.gasEth,
      movedEth: r.bound.movedEth,
      discretisation: r.bound.discretisation,
      path: r.bound.path,
    },
    acceptance: r.acceptance,
  };
}
