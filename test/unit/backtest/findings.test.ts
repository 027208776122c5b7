import { describe, expect, it } from 'vitest';
import { FindingTally, describeCounts } from '../../../src/backtest/findings.ts';
import { formatTable, toJson } from '../../../src/backtest/format.ts';
import { renderReport } from '../../../src/backtest/report-html.ts';
import { runBacktest } from '../../../src/backtest/run.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import type { RiskFinding } from '../../../src/domain/verdict.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
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
});
