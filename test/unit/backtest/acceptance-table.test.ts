/**
 * The acceptance rule and table of issue 10 on hand-made results: literal APYs, so each check
 * (a baseline beaten, regret to the bound, breaches) is seen failing on its own.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceJson, acceptanceRow, formatAcceptanceTable } from '../../../src/backtest/acceptance-table.ts';
import { MAX_REGRET, regretFloor, type RunMetrics } from '../../../src/backtest/metrics.ts';
import { acceptance, type BacktestResult } from '../../../src/backtest/run.ts';

function result(name: string, apy: { strategy: number; hold: number; equal: number; threshold: number; bound: number }, breaches = 0, reverts = 0): BacktestResult {
  const run = (label: string, netApy: number, b = 0, rv = 0) => ({
    metrics: { label, strategy: label === 'strategy' ? 'risk-adjusted-yield' : label, netApy, regret: null, turnover: 0, gasEth: label === 'strategy' ? 0.0123 : 0, maxDrawdown: 0, breaches: b, reverts: rv, rebalances: label === 'strategy' ? 3 : 0, navStartEth: 50, navEndEth: 50 },
    run: { gasWei: label === 'strategy' ? 12_300_000_000_000_000n : 0n },
  });
  return {
    scenario: { name },
    runs: [run('strategy', apy.strategy, breaches, reverts), run('hold', apy.hold), run('equal-weight', apy.equal), run('threshold', apy.threshold)],
    bound: { netApy: apy.bound },
  } as unknown as BacktestResult;
}

describe('acceptanceRow', () => {
  it('passes a strategy at least as good as every baseline, within 3% of the bound, with no breach', () => {
    const row = acceptanceRow(result('ok', { strategy: 0.0300, hold: 0.0300, equal: 0.0290, threshold: 0.0295, bound: 0.0309 }), 'backtest');
    expect(row.passed).toBe(true);
    expect(row.failed).toEqual([]);
    expect(row.regret).toBeCloseTo(0.0291, 4);
    expect(row.gasEth).toBe(0.0123);
  });

  it('fails each broken check by name', () => {
    const row = acceptanceRow(result('bad', { strategy: 0.0300, hold: 0.0301, equal: 0.0290, threshold: 0.0305, bound: 0.0320 }, 2), 'backtest');
    expect(row.passed).toBe(false);
    expect(row.failed).toEqual(['< hold', '< threshold', 'regret 6.3%', '2 breaches']);
    const reverted = acceptanceRow(result('reverted', { strategy: 0.0300, hold: 0.0300, equal: 0.0290, threshold: 0.0295, bound: 0.0309 }, 0, 15), 'backtest');
    expect(reverted.failed).toEqual(['15 reverted']);
  });

  it('reports the gap to the bound in percentage points, readable where the ratio explodes', () => {
    // A bound of -0.08 % a year: 0.3 pp short is a regret of 375 % of the bound.
    const row = acceptanceRow(result('tiny', { strategy: -0.0038, hold: -0.0038, equal: -0.0038, threshold: -0.0038, bound: -0.0008 }), 'c');
    expect(row.regret).toBeCloseTo(3.75, 9);
    expect(row.gapPp).toBeCloseTo(0.3, 9);
    expect(row.failed).toEqual(['regret 375.0%']);
  });

  it('applies the same 3 % as the run\'s own acceptance checks (one constant)', () => {
    expect(MAX_REGRET).toBe(0.03);
    // 4 % short of the bound: the run's own check said "within 5 %" and passed it before.
    const floor = regretFloor(0.04);
    expect(floor).toBeCloseTo(0.0388, 12);
    expect(acceptanceRow(result('r', { strategy: 0.0384, hold: 0.03, equal: 0.03, threshold: 0.03, bound: 0.04 }), 'c').failed).toEqual(['regret 4.0%']);
  });

  it('judges regret against a negative bound by its size (a loss market)', () => {
    expect(acceptanceRow(result('loss', { strategy: -0.0102, hold: -0.011, equal: -0.011, threshold: -0.011, bound: -0.0100 }), 'c').failed).toEqual([]);
    expect(acceptanceRow(result('loss', { strategy: -0.0104, hold: -0.011, equal: -0.011, threshold: -0.011, bound: -0.0100 }), 'c').failed).toEqual(['regret 4.0%']);
  });
});

describe('formatAcceptanceTable', () => {
  it('prints one line per row with PASS/FAIL and the count, a policy column only for several configs or strategies', () => {
    const rows = [
      acceptanceRow(result('steady', { strategy: 0.0300, hold: 0.0300, equal: 0.0290, threshold: 0.0295, bound: 0.0309 }), 'backtest'),
      acceptanceRow(result('crash', { strategy: 0.0200, hold: 0.0250, equal: 0.0200, threshold: 0.0200, bound: 0.0300 }), 'backtest'),
    ];
    const text = formatAcceptanceTable(rows);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^scenario\s+strategy\s+hold\s+equal-wt\s+threshold\s+bound\s+regret\s+gap pp\s+breaches\s+rebal\.\s+gas ETH\s+result$/);
    expect(lines[2]).toMatch(/^steady\s+3\.000%\s+3\.000%\s+2\.900%\s+2\.950%\s+3\.090%\s+2\.9%\s+0\.090\s+0\s+3\s+0\.0123\s+PASS$/);
    expect(lines[3]).toMatch(/^crash .* FAIL \(< hold, regret 33\.3%\)$/);
    expect(text).toContain('1 of 2 PASS');
    const two = formatAcceptanceTable([rows[0]!, { ...rows[0]!, config: 'other' }]);
    expect(two.split('\n')[0]).toMatch(/^scenario\s+policy\s+strategy/);
    expect(two.split('\n')[3]).toMatch(/^steady\s+other\s+3\.000%/);
  });

  it('gives the same rows as JSON with gas in raw wei', () => {
    const json = acceptanceJson([acceptanceRow(result('steady', { strategy: 0.03, hold: 0.03, equal: 0.03, threshold: 0.03, bound: 0.03 }), 'backtest')]) as { passed: number; total: number; rows: { gasWei: string; passed: boolean }[] };
    expect(json.passed).toBe(1);
    expect(json.total).toBe(1);
    expect(json.rows[0]?.gasWei).toBe('12300000000000000');
  });
});

describe("a run's own acceptance checks", () => {
  const m = (label: string, netApy: number, breaches = 0, reverts = 0): RunMetrics => ({ label, strategy: label, netApy, regret: null, gapPp: 0.16, turnover: 0, gasEth: 0, maxDrawdown: 0, breaches, reverts, rebalances: 0, navStartEth: 50, navEndEth: 50 });

  it('fail a strategy 4 % short of the bound, as the table does (they allowed 5 % before)', () => {
    const r = acceptance([m('strategy', 0.0384), m('hold', 0.03), m('equal-weight', 0.03), m('threshold', 0.03)], 0.04, 1e-6);
    expect(r.passed).toBe(false);
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['net APY >= hold', true],
      ['net APY >= equal-weight', true],
      ['net APY >= threshold', true],
      ['regret to the upper bound <= 3% of its net APY', false],
      ['no limit breaches', true],
      ['no reverted bundles', true],
    ]);
    expect(r.checks[3]?.detail).toBe('3.840% vs bound 4.000% (floor 3.880%; gap 0.160 pp)');
  });

  it('fail a strategy whose bundles reverted, however well it earned', () => {
    const r = acceptance([m('strategy', 0.04, 0, 15), m('hold', 0.03), m('equal-weight', 0.03), m('threshold', 0.03)], 0.04, 1e-6);
    expect(r.passed).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => [c.name, c.detail])).toEqual([['no reverted bundles', '15 reverted']]);
  });
});
