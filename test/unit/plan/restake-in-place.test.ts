/**
 * Liquid → restaked of the same LRT: the planner restakes the tokens it holds (one
 * eigen-deposit, no sale, no mint), sends only the remainder through the normal routes, and
 * never restakes into a position the risk verdict froze.
 */
import { describe, expect, it } from 'vitest';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildPlan, DEFAULT_PLANNER_OPTIONS, type PlannerInput } from '../../../src/plan/planner.ts';
import { restakeInPlace } from '../../../src/plan/restake-in-place.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { reviewPlan } from '../../../src/risk/plan-review.ts';
import { AVS, E, EZETH, LIMITS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const SPECS: PositionSpec[] = [WEETH, WEETH_RESTAKED, EZETH];
const ESTIMATES = [estimate('weETH', 0.03), estimate('weETH-restaked', 0.045), estimate('ezETH', 0.035)];
const OTHER_OPERATOR = '0x00000000000000000000000000000000000000f2';

/** idle + 30 ETH weETH liquid + 10 ETH restaked weETH + ezETH, rate 1.0; delegated to OPERATOR unless told. */
function world(idleEth: bigint, ezEth: bigint, extra: Partial<Snapshot> = { delegatedTo: OPERATOR }): Snapshot {
  return snapshot(
    idleEth,
    [
      observation('weETH', 30n),
      observation('weETH-restaked', 10n, { liquidBalance: 0n, eigen: { depositShares: 10n * E, withdrawableShares: 10n * E, withdrawableUnderlying: 10n * E } }),
      observation('ezETH', ezEth),
    ],
    extra,
  );
}

function input(snap: Snapshot, approved: Record<string, number>): PlannerInput {
  return {
    current: allocationFromSnapshot(snap),
    approved,
    snapshot: snap,
    specs: SPECS,
    estimates: ESTIMATES,
    limits: LIMITS,
    options: DEFAULT_PLANNER_OPTIONS,
    explain: { targetWeights: approved, findings: [], rationale: ['test'] },
  };
}

describe('restake in place', () => {
  it('weETH 30 % → 10 %, restaked 10 % → 30 %: one eigen-deposit of the held 20 weETH, nothing sold or minted', () => {
    const snap = world(10n, 50n);
    const plan = buildPlan(input(snap, { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 }));
    expect(plan.kind).toBe('rebalance');
    expect(plan.actions).toEqual([
      {
        kind: 'eigen-deposit',
        positionId: 'weETH-restaked',
        strategy: '0x00000000000000000000000000000000000000c1',
        amountLrt: 20n * E,
        fromPositionId: 'weETH',
        gas: 200_000,
        why: "weETH-restaked: restake weETH's weETH in place (no sale, no mint)",
      },
    ]);
    // 200k + 21k gas at 10 gwei; no slippage, fee or delay; 20 ETH moved.
    expect(plan.totals).toEqual({
      gasUnits: 221_000,
      gasCostWei: 2_210_000_000_000_000n,
      slippageWei: 0n,
      feesWei: 0n,
      delayCostWei: 0n,
      totalCostWei: 2_210_000_000_000_000n,
      movedWei: 20n * E,
    });
    // −20 ETH × 3 % + 20 ETH × 4.5 % = 0.3 ETH a year.
    expect(plan.expectedYearlyGainWei).toBe(300_000_000_000_000_000n);
    expect(plan.resultingWeights).toEqual({ weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 });
    expect(reviewPlan(plan, LIMITS, false).refused).toBe(false);
  });

  it('a restake that pays its gas from an idle buffer on its minimum tops the buffer up only past the 1 bp of rounding', () => {
    // 100 ETH, 5 idle: exactly the 500 bps minimum. The restake alone sells nothing.
    const approved = { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5500 };
    // At 10 gwei its 221k gas is 0.0022 ETH, 0.22 bps: within the rounding, no sale for it.
    expect(buildPlan(input(world(5n, 55n), approved)).actions.map((a) => a.kind)).toEqual(['eigen-deposit']);
    // At 50 gwei, 0.011 ETH: 1.1 bps under the minimum, so one sale of the lowest-yielding
    // liquid position (weETH, 3 %) tops it up.
    const plan = buildPlan(input({ ...world(5n, 55n), baseFeeWei: 50_000_000_000n }, approved));
    expect(plan.actions.map((a) => a.kind).sort()).toEqual(['eigen-deposit', 'withdraw']);
    const topUp = plan.actions.find((a) => a.kind === 'withdraw');
    expect(topUp).toMatchObject({ positionId: 'weETH' });
    expect(topUp?.why).toContain('to keep the idle buffer after the bundle');
  });

  it('partial overlap, restaked grows more: 10 weETH restaked in place, the other 10 ETH minted and restaked from idle', () => {
    const snap = world(20n, 40n);
    const plan = buildPlan(input(snap, { weETH: 2000, 'weETH-restaked': 3000, ezETH: 4000 }));
    expect(plan.actions.map((a) => a.kind)).toEqual(['eigen-deposit', 'deposit-lrt', 'eigen-deposit']);
    expect(plan.actions[0]).toMatchObject({ positionId: 'weETH-restaked', amountLrt: 10n * E, fromPositionId: 'weETH' });
    expect(plan.actions[1]).toMatchObject({ positionId: 'weETH-restaked', amountWei: 10n * E, expectedLrt: 10n * E, minLrt: 9_900_000_000_000_000_000n });
    expect(plan.actions[2]).toMatchObject({ positionId: 'weETH-restaked', amountLrt: 10n * E });
    expect(plan.actions[2]).not.toHaveProperty('fromPositionId');
    // 21k + 3 × 200k gas; moved: 10 ETH restaked in place + the 10 ETH deposit.
    expect(plan.totals.gasUnits).toBe(621_000);
    expect(plan.totals.movedWei).toBe(20n * E);
    expect(plan.totals.slippageWei).toBe(0n);
    // −10 ETH × 3 % + 20 ETH × 4.5 % = 0.6 ETH a year.
    expect(plan.expectedYearlyGainWei).toBe(600_000_000_000_000_000n);
    expect(plan.resultingWeights).toEqual({ weETH: 2000, 'weETH-restaked': 3000, ezETH: 4000 });
  });

  it('partial overlap, liquid shrinks more: 15 weETH restaked in place, the other 15 sold through its cheapest route', () => {
    const snap = world(10n, 50n);
    const plan = buildPlan(input(snap, { weETH: 0, 'weETH-restaked': 2500, ezETH: 5000 }));
    expect(plan.actions.map((a) => a.kind)).toEqual(['withdraw', 'eigen-deposit']);
    // All of the 30 weETH leaves: 15 restaked, the remaining 15 sold (queue: 15 ETH × 4.5 % × 7/365 < the DEX's cost).
    expect(plan.actions[0]).toMatchObject({ kind: 'withdraw', positionId: 'weETH', route: 'queued', amountLrt: 15n * E, fairValueWei: 15n * E });
    expect(plan.actions[1]).toMatchObject({ kind: 'eigen-deposit', amountLrt: 15n * E, fromPositionId: 'weETH' });
    expect(plan.totals.movedWei).toBe(30n * E);
    expect(plan.totals.delayCostWei).toBe(12_945_205_479_452_054n);
    expect(plan.resultingWeights).toEqual({ weETH: 0, 'weETH-restaked': 2500, ezETH: 5000 });
  });

  it('weights are whole bps: the rounding a pure shift leaves is restaked too, not sold or queued in actions of its own', () => {
    // 30.00004 ETH liquid and 10.00007 ETH restaked of a 100.00011 ETH vault read 3000 and 1000 bps.
    const liquid = 30n * E + 40_000_000_000_000n;
    const restaked = 10n * E + 70_000_000_000_000n;
    const snap = snapshot(10n, [
      observation('weETH', 0n, { liquidBalance: liquid, valueWei: liquid }),
      observation('weETH-restaked', 0n, { liquidBalance: 0n, valueWei: restaked, eigen: { depositShares: restaked, withdrawableShares: restaked, withdrawableUnderlying: restaked } }),
      observation('ezETH', 50n),
    ], { delegatedTo: OPERATOR });
    expect(allocationFromSnapshot(snap).weights).toEqual({ weETH: 3000, 'weETH-restaked': 1000, ezETH: 4999 });
    const plan = buildPlan(input(snap, { weETH: 1000, 'weETH-restaked': 3000, ezETH: 4999 }));
    // The liquid side must lose 20.000029 ETH to reach 1000 bps; 2000 bps more restaked is 19.999963 ETH.
    // The 0.000066 ETH between them is restaked as well: the restaked weight still reads 3000 bps.
    expect(plan.actions.map((a) => a.kind)).toEqual(['eigen-deposit']);
    expect(plan.actions[0]).toMatchObject({ amountLrt: 20_000_029_000_000_000_000n, fromPositionId: 'weETH' });
    expect(plan.totals.movedWei).toBe(20_000_029_000_000_000_000n);
    expect(plan.resultingWeights).toEqual({ weETH: 1000, 'weETH-restaked': 3000, ezETH: 4999 });
  });

  it('delegates first when the holder is not delegated yet', () => {
    const snap = world(10n, 50n, {});
    const plan = buildPlan(input(snap, { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 }));
    expect(plan.actions.map((a) => a.kind)).toEqual(['delegate', 'eigen-deposit']);
    expect(plan.actions[0]).toMatchObject({ kind: 'delegate', operator: OPERATOR, gas: 150_000 });
    expect(plan.actions[1]).toMatchObject({ amountLrt: 20n * E, fromPositionId: 'weETH' });
    expect(plan.totals.gasUnits).toBe(371_000);
  });

  it('a restaked position frozen by a slashing of its operator gets nothing; the liquid side is sold as usual', () => {
    const snap = world(10n, 50n, {
      delegatedTo: OPERATOR,
      slashing: [{ operator: OPERATOR, avs: AVS, operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000c1'], wadSlashed: [E / 10n], block: 18_999_999 }],
    });
    const current = allocationFromSnapshot(snap);
    const verdict = assessTargets({
      targets: { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 }, current, snapshot: snap, estimates: ESTIMATES, specs: SPECS, limits: LIMITS, context: { now: NOW, turnoverUsedTodayBps: 0 },
    });
    expect(verdict.findings.map((f) => f.code)).toContain('SLASHED_OPERATOR');
    expect(verdict.approved['weETH-restaked']).toBe(1000);
    const plan = buildPlan(input(snap, verdict.approved));
    expect(plan.actions.some((a) => a.kind === 'eigen-deposit' || a.kind === 'deposit-lrt' || a.kind === 'delegate')).toBe(false);
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ kind: 'withdraw', positionId: 'weETH', amountLrt: 20n * E });
  });

  it('a delegation to another operator freezes the restaked position, and restakeInPlace refuses it even with raised weights', () => {
    const snap = world(10n, 50n, { delegatedTo: OTHER_OPERATOR });
    const current = allocationFromSnapshot(snap);
    const verdict = assessTargets({
      targets: { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 }, current, snapshot: snap, estimates: ESTIMATES, specs: SPECS, limits: LIMITS, context: { now: NOW, turnoverUsedTodayBps: 0 },
    });
    expect(verdict.findings.map((f) => f.code)).toContain('DELEGATION_CONFLICT');
    expect(buildPlan(input(snap, verdict.approved)).actions.some((a) => a.kind === 'eigen-deposit')).toBe(false);
    // Hand-written weights that ignore the verdict still restake nothing in place.
    const direct = restakeInPlace({ snapshot: snap, specs: SPECS, totalWei: 100n * E, currentWeights: current.weights, approved: { weETH: 1000, 'weETH-restaked': 3000, ezETH: 5000 }, dustWei: 10n ** 15n });
    expect(direct.actions).toEqual([]);
    expect(direct.positions.map((p) => p.valueWei)).toEqual([30n * E, 10n * E, 50n * E]);
  });

  it('moves below dust, or a restaked weight that does not rise, restake nothing', () => {
    const snap = world(10n, 50n);
    const current = allocationFromSnapshot(snap);
    const base = { snapshot: snap, specs: SPECS, totalWei: 100n * E, currentWeights: current.weights, dustWei: 10n ** 15n };
    expect(restakeInPlace({ ...base, approved: { weETH: 1000, 'weETH-restaked': 1000, ezETH: 7000 } }).actions).toEqual([]);
    // 1 bps of 100 ETH = 0.01 ETH: above a 0.001 ETH dust, below a 0.1 ETH one.
    expect(restakeInPlace({ ...base, approved: { weETH: 2999, 'weETH-restaked': 1001, ezETH: 5000 } }).actions).toHaveLength(1);
    expect(restakeInPlace({ ...base, dustWei: 10n ** 17n, approved: { weETH: 2999, 'weETH-restaked': 1001, ezETH: 5000 } }).actions).toEqual([]);
  });
});
