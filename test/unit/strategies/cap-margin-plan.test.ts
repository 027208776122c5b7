/**
 * risk-adjusted-yield plans inside the risk engine's cap margin by the engine's own rule
 * (issue 10, items 2 and 9). It used to plan the idle buffer to a few bps of headroom while the
 * engine clamps targets 25 bps inside it: the engine then scaled every position down to fit,
 * which turned a buy of idle cash into a DEX sale of the positions the strategy kept, and the
 * plan review refused the whole rebalance (dex-discount-entry-50: 20 % of the vault idle for
 * the rest of the run).
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 10 000 ETH vault: 1 bp = 1 ETH. ezETH (3.6 %) sits at 5990 bps, between its 5975 bps margin
// and its 6000 bps cap; weETH (3.0 %) at 3000 bps; 1010 bps idle over a 200 bps minimum.
const limits: RiskLimits = { ...LIMITS, maxWeightPerPositionBps: 6000, maxWeightPerProtocolBps: 6000, minIdleBps: 200, capMarginBps: 25 };
const snap = snapshot(1010n, [observation('weETH', 3000n), observation('ezETH', 5990n)]);
const input = { snapshot: snap, estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)], current: allocationFromSnapshot(snap), limits, specs: [WEETH, EZETH] };

describe('risk-adjusted-yield inside the cap margin', () => {
  const params = riskAdjustedYield.paramsSchema.parse({});

  it('asks for the idle cash up to 25 bps inside the idle minimum, and keeps ezETH where it drifted', () => {
    const out = riskAdjustedYield.decide(input, params);
    // 10 000 − 200 − 25 = 9775 bps invested: weETH gets 9775 − 5990 = 3785 (old: ezETH 6000, weETH 3797, and the engine sold ezETH to 5982).
    expect(out.weights).toEqual({ weETH: 3785, ezETH: 5990 });
  });

  it('the risk engine approves that as it is: a buy, and no sale of ezETH', () => {
    const out = riskAdjustedYield.decide(input, params);
    const v = assessTargets({ targets: out.weights, current: input.current, snapshot: snap, estimates: input.estimates, specs: input.specs, limits, context: { now: NOW, turnoverUsedTodayBps: 0 } });
    expect(v.approved).toEqual({ weETH: 3785, ezETH: 5990 });
    expect(v.findings.filter((f) => f.action === 'clamped')).toEqual([]);
  });
});
