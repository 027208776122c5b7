/**
 * The report's summary table on a real (small) backtest: one row per run and the bound, the
 * plain figures in the cells and the numbers behind them on hover.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestPolicy } from '../../../src/backtest/policy.ts';
import { summaryTable } from '../../../src/backtest/report-summary.ts';
import { runBacktest, type BacktestResult } from '../../../src/backtest/run.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { tinyScenario } from './fixtures.ts';

let result: BacktestResult;

beforeAll(async () => {
  const registry = await loadStrategyRegistry();
  const policy = await loadBacktestPolicy(new URL('../../../config/backtest.yaml', import.meta.url).pathname, { env: {}, registry });
  result = runBacktest(await parseScenario(tinyScenario()), policy, registry);
});

describe('summaryTable', () => {
  it('has a row per run and the bound, with APYs in % and their start and end value on hover', () => {
    const html = summaryTable(result);
    const rows = html.match(/<tr>.*?<\/tr>/gs) ?? [];
    expect(rows).toHaveLength(1 + 4 + 1);
    expect(rows[1]).toMatch(/^<tr><td>strategy<\/td><td>risk-adjusted-yield<\/td><td title="-?\d+\.\d{5}% a year: 100\.0000 ETH to \d+\.\d{4} ETH over 5\.0 days">-?\d+\.\d{3}%<\/td>/);
    expect(rows[5]).toContain('<td>upper bound</td>');
    expect(html).toMatch(/title="gas \d+\.\d{8} ETH; fees \d+\.\d{4} ETH, sale slippage \d+\.\d{4} ETH"/);
    // People read the hover text: plain units, never raw wei.
    expect(html).not.toMatch(/\d wei/);
    expect(html).toMatch(/Acceptance rule of issue 10: <strong>(PASS|FAIL \(.+\))<\/strong>/);
  });

  it('escapes what it quotes', () => {
    const html = summaryTable({ ...result, runs: result.runs.map((x, i) => (i === 0 ? { ...x, metrics: { ...x.metrics, strategy: '<b>"x"' } } : x)) });
    expect(html).toContain('<td>&lt;b&gt;&quot;x&quot;</td>');
    expect(html).not.toContain('<b>"x"');
  });
});
