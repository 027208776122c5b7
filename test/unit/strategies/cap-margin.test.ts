/**
 * The strategy plans inside the same caps the risk engine approves (the engine's margin inside
 * each cap): a target past them was scaled down by the engine, every position a little, so a
 * plan meant to put idle cash to work also sold the positions it keeps and, with the turnover
 * and net-gain tests on top, was refused and left the cash idle (issue 10, item 1).
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { plannedCap } from '../../../src/risk/cap-groups.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import { EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 100 ETH vault (1 ETH = 100 bps): idle buffer 500 bps, 25 bps margin inside every cap.
const limits: RiskLimits = { ...LIMITS, capMarginBps: 25 };
const specs = [WEETH, EZETH];
const estimates = [estimate('weETH', 0.03), estimate('ezETH', 0.036)];
const params = riskAdjustedYield.paramsSchema.parse({});

describe('plannedCap', () => {
  it('is the margin inside a cap held below it, what is held between the margin and the cap, the margin after a break', () => {
    expect(plannedCap(9500, 8000, 25)).toBe(9475);
    expect(plannedCap(4000, 3990, 25)).toBe(3990);
    expect(plannedCap(4000, 4001, 25)).toBe(3975);
  });
});

describe('risk-adjusted-yield within the engine margin', () => {
  it('puts 20 ETH of idle cash into ezETH up to 9475 bps invested, and the engine approves it unchanged', () => {
    const snap = snapshot(20n, [observation('weETH', 40n), observation('ezETH', 40n)]);
    const current = allocationFromSnapshot(snap);
    const out = riskAdjustedYield.decide({ snapshot: snap, estimates, current, limits, specs }, params);
    // 9500 − 25 bps invested at most (was 9497: only the 3 bps drift headroom): ezETH 4000 → 5475.
    expect(out.weights).toEqual({ weETH: 4000, ezETH: 5475 });
    const v = assessTargets({ targets: out.weights, current, snapshot: snap, estimates, specs, limits, context: { now: NOW, turnoverUsedTodayBps: 0 } });
    expect(v.approved).toEqual({ weETH: 4000, ezETH: 5475 });
    expect(v.findings.filter((f) => f.code === 'IDLE_BUFFER')).toEqual([]);
  });

  it('stops 25 bps inside a 6000 bps position cap', () => {
    const snap = snapshot(40n, [observation('weETH', 10n), observation('ezETH', 50n)]);
    const out = riskAdjustedYield.decide({ snapshot: snap, estimates, current: allocationFromSnapshot(snap), limits, specs }, params);
    expect(out.weights['ezETH']).toBe(5975);
  });
});
