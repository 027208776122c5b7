import { describe, expect, it } from 'vitest';
import { FindingTally, describeCounts, findingsThatActed } from '../../../src/backtest/findings.ts';
import { formatTable, toJson } from '../../../src/backtest/format.ts';
import { renderReport } from '../../../src/backtest/report-html.ts';
import { runBacktest } from '../../../src/backtest/run.ts';
import { loadScenario, parseScenario } from '../../../src/backtest/scenario-load.ts';
import type { RiskFinding } from '../../../src/domain/verdict.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { loadBacktestPolicy } from '../../../src/backtest/policy.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

const cap = (id: string, observed: number): RiskFinding => ({ code: 'CAP_POSITION', positionId: id, observed, limit: 4000, action: 'clamped', message: `${id} ${observed} bps > cap 4000 bps` });
const gas: RiskFinding = { code: 'BASE_FEE', observed: 150, limit: 100, action: 'refused', message: 'base fee 150.00 gwei > 100 gwei: no rebalance' };

describe('finding tally', () => {
  it('counts steps per code and per reason, once per step, most frequent first', () => {
    const t = new FindingTally();
    t.add(4, [cap('a', 5000), cap('a', 5001), gas], true);
    t.add(5, [cap('a', 4500), cap('b', 6000)], false);
    t.add(9, [cap('a', 4200)], false);
    const s = t.summary();
    expect(s.refusedSteps).toBe(1);
    expect(s.clampedSteps).toBe(3);
    expect(s.byCode).toEqual([
      { action: 'clamped', code: 'CAP_POSITION', steps: 3 },
      { action: 'refused', code: 'BASE_FEE', steps: 1 },
    ]);
    expect(s.topReasons[0]).toEqual({ action: 'clamped', code: 'CAP_POSITION', positionId: 'a', steps: 3, firstStep: 4, lastStep: 9, example: 'a 5000 bps > cap 4000 bps' });
    expect(s.topReasons.map((r) => `${r.code}:${r.positionId ?? ''}:${r.steps}`)).toEqual(['CAP_POSITION:a:3', 'CAP_POSITION:b:1', 'BASE_FEE::1']);
    expect(describeCounts(s)).toBe('refused 1 step(s) (BASE_FEE 1); clamped 3 step(s) (CAP_POSITION 3)');
  });

  it('says "refused in part" when refusals only trimmed steps that moved', () => {
    const t = new FindingTally();
    t.add(7, [cap('a', 4001), { ...gas, code: 'MIN_NET_GAIN', message: 'moves beyond the forced ones: expected gain -0.0296 ETH/year is not positive' }], false);
    expect(describeCounts(t.summary())).toBe('refused in part (MIN_NET_GAIN 1); clamped 1 step(s) (CAP_POSITION 1)');
  });

  it("counts a breaker's clamp only when the wish raised its position (moved it, for stale data)", () => {
    const slashed: RiskFinding = { code: 'SLASHED_OPERATOR', positionId: 'r', observed: 1, limit: 0, action: 'clamped', message: 'r: operator slashed 1 time(s), no new deposits' };
    const stale: RiskFinding = { code: 'STALE_DATA', positionId: 's', observed: 0, limit: 3600, action: 'clamped', message: 's: rate estimate missing or stale, left as it is' };
    const exit: RiskFinding = { ...slashed, action: 'exit', message: 'r: operator slashed 1 time(s), exiting' };
    const current = { r: 2000, s: 3000, a: 4000 };
    // Held as they are: the freezes held nothing back; the cap clamp and the forced exit count.
    expect(findingsThatActed([slashed, stale, cap('a', 4001), exit], current, current)).toEqual([cap('a', 4001), exit]);
    // Sold: still nothing held back.
    expect(findingsThatActed([slashed, stale], { r: 0, s: 3000 }, current)).toEqual([]);
    // Asked for more of the slashed position, and to move the stale one down: both held back.
    expect(findingsThatActed([slashed, stale], { r: 2001, s: 2500 }, current)).toEqual([slashed, stale]);
  });

  it('after a slashing, hold reports no clamp of the operator it never adds to (operator-slashing)', async () => {
    const registry = await loadStrategyRegistry();
    const root = (path: string): string => new URL(`../../../${path}`, import.meta.url).pathname;
    const policy = await loadBacktestPolicy(root('config/backtest.yaml'), { env: {}, registry });
    const result = runBacktest(await loadScenario(root('scenarios/operator-slashing.json')), policy, registry, { bound: { gridStepBps: 5000 } });
    const byLabel = new Map(result.runs.map((r) => [r.run.label, r.run.findings]));
    expect(byLabel.get('hold')?.byCode).toEqual([]);
    expect(formatTable(result)).toContain('hold: no refusals or clamps');
    // The strategy leaves the slashed operator: its freeze held nothing back either.
    expect(byLabel.get('strategy')?.byCode.map((c) => c.code)).not.toContain('SLASHED_OPERATOR');
  });

  it('a backtest names its refusals by code in the table, the JSON and the report', async () => {
    const raw = tinyScenario();
    // Both earn 3 %; the base fee is over the 100 gwei limit on days 2-4: equal weight cannot move.
    raw.steps = 8;
    raw.warmupSteps = 2;
    raw.series = {
      rows: [
        { step: 0, baseFeeGwei: 150, 'weETH.rate': 1, 'weETH.apyBps': 300, 'ezETH.rate': 1, 'ezETH.apyBps': 300 },
        { step: 4, baseFeeGwei: 150 },
        { step: 5, baseFeeGwei: 10 },
      ],
    };
    const registry = await loadStrategyRegistry();
    const policy = { vault: 'v', strategy: { name: 'equal-weight', params: registry.get('equal-weight').paramsSchema.parse({}) }, limits: TINY_LIMITS, compounding: { enabled: true, minValueToCostMultiple: 3 } };
    const result = runBacktest(await parseScenario(raw), policy, registry, { bound: { gridStepBps: 5000 } });
    const strategy = result.runs[0]!.run;
    expect(strategy.findings.byCode.find((c) => c.code === 'BASE_FEE')).toEqual({ action: 'refused', code: 'BASE_FEE', steps: 3 });
    expect(strategy.findings.topReasons.find((r) => r.code === 'BASE_FEE')).toMatchObject({ steps: 3, firstStep: 2, lastStep: 4, example: 'base fee 150.00 gwei > 100 gwei: no rebalance' });
    expect(strategy.refusals).toBe(3);
    expect(formatTable(result)).toContain('strategy: refused 3 step(s) (BASE_FEE 3)');
    expect(formatTable(result)).toContain('refused BASE_FEE, 3 step(s) (steps 2-4): base fee 150.00 gwei > 100 gwei: no rebalance');
    const json = toJson(result) as { runs: { findings: { byCode: unknown[] } }[] };
    expect(json.runs[0]?.findings.byCode).toContainEqual({ action: 'refused', code: 'BASE_FEE', steps: 3 });
    expect(renderReport(result)).toContain('<h2>Why: refusals and clamps</h2>');
    // hold asks for nothing, so nothing is refused
    expect(result.runs[1]!.run.findings.refusedSteps).toBe(0);
    expect(formatTable(result)).toContain('[ok] no reverted bundles: 0 reverted');
    expect(formatTable(result)).not.toContain('reverted bundles (first');
    const reverted = { ...result, runs: result.runs.map((r, i) => (i === 0 ? { ...r, run: { ...r.run, reverts: [{ step: 6, reason: 'withdraw: a: dex sale pays 1 < minOut 2' }] } } : r)) };
    expect(formatTable(reverted)).toContain('reverted bundles (first 5 per run):\n  strategy step 6: withdraw: a: dex sale pays 1 < minOut 2');
  });

  it('names a run that ended above the bound, which only a run that broke a limit can', async () => {
    const registry = await loadStrategyRegistry();
    const policy = { vault: 'v', strategy: { name: 'hold', params: {} }, limits: TINY_LIMITS, compounding: { enabled: true, minValueToCostMultiple: 3 } };
    const result = runBacktest(await parseScenario(tinyScenario()), policy, registry, { bound: { gridStepBps: 5000 } });
    expect(formatTable(result)).not.toContain('above the bound');
    const broke = { ...result, runs: result.runs.map((r, i) => (i === 1 ? { ...r, metrics: { ...r.metrics, netApy: result.bound.netApy + 0.01, breaches: 193 } } : r)) };
    expect(formatTable(broke)).toContain('above the bound: hold (193 breach(es), 0 reverted): the bound keeps to every limit');
  });
});
