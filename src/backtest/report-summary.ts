/**
 * The summary of one backtest as an HTML table for the report: one row per run and the bound,
 * the figures of the text table in plain units, and on hover (a cell's `title`) the numbers
 * behind each one: start and end value behind an APY, the formula behind a regret, wei behind
 * gas, the first breaches behind a count. Then issue 10's acceptance verdict for the strategy.
 */
import { ethText } from '../domain/units.ts';
import { acceptanceRow } from './acceptance-table.ts';
import { MAX_REGRET } from './metrics.ts';
import type { BacktestResult } from './run.ts';

const pct = (x: number | null, digits = 3): string => (x === null ? 'n/a' : `${(x * 100).toFixed(digits)}%`);

/** @example summaryTable(result) // '<table class="summary">…</table><p …>acceptance …</p>' */
export function summaryTable(r: BacktestResult): string {
  const days = r.scenario.days.toFixed(1);
  const head = ['run', 'strategy', 'net APY', 'regret', 'turnover', 'gas ETH', 'max DD', 'breaches', 'rebal.'];
  const rows = r.runs.map(({ metrics: m, run }) => [
    cell(m.label),
    cell(m.strategy),
    cell(pct(m.netApy), `${pct(m.netApy, 5)} a year: ${m.navStartEth.toFixed(4)} ETH to ${m.navEndEth.toFixed(4)} ETH over ${days} days`),
    cell(pct(m.regret, 1), `(bound ${pct(r.bound.netApy, 4)} − ${pct(m.netApy, 4)}) / |bound|`),
    cell(`${m.turnover.toFixed(2)}x`, `value moved ${ethText(run.movedWei)} = ${m.turnover.toFixed(4)} × the average value`),
    cell(m.gasEth.toFixed(4), `gas ${m.gasEth.toFixed(8)} ETH; fees ${ethText(run.feesWei)}, sale slippage ${ethText(run.slippageWei)}`),
    cell(pct(m.maxDrawdown, 2), `${pct(m.maxDrawdown, 4)} worst fall from a previous peak`),
    cell(String(m.breaches), run.breaches.length === 0 ? 'no limit breached' : run.breaches.slice(0, 5).map((b) => `step ${b.step}: ${b.code} ${b.message}`).join('\n')),
    cell(String(m.rebalances), `${run.rebalances} rebalances, ${run.compounds} compounds, ${run.refusals} refused steps, ${run.reverts.length} reverted bundles`),
  ]);
  const b = r.bound;
  rows.push([
    cell('upper bound'),
    cell('perfect foresight'),
    cell(pct(b.netApy), `${pct(b.netApy, 5)} a year: ${b.navStartEth.toFixed(4)} ETH to ${b.navEndEth.toFixed(4)} ETH over ${days} days`),
    cell('0.0%'),
    cell(`${(b.movedEth / b.navStartEth).toFixed(2)}x`, `value moved ${b.movedEth.toFixed(4)} ETH`),
    cell(b.gasEth.toFixed(4), `${b.gasEth.toFixed(8)} ETH`),
    cell('-'),
    cell('-'),
    cell(String(b.path.length), b.discretisation.text),
  ]);
  const row = acceptanceRow(r, r.config.vault);
  const verdict = row.passed ? 'PASS' : `FAIL (${row.failed.join(', ')})`;
  return [
    '<table class="summary" data-testid="summary">',
    `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
    `<p data-testid="issue-acceptance" title="net APY >= hold, equal-weight and threshold; regret <= ${MAX_REGRET * 100}% of the bound's net APY; 0 limit breaches">Acceptance rule of issue 10: <strong>${esc(verdict)}</strong></p>`,
  ].join('\n');
}

function cell(text: string, hover?: string): string {
  return hover === undefined ? `<td>${esc(text)}</td>` : `<td title="${esc(hover)}">${esc(text)}</td>`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
