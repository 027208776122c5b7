/**
 * Restaked → liquid of the same LRT: EigenLayer pays the LRT itself back into the liquid
 * position, so the planner queues the shares and neither prices a sale of the LRT it keeps
 * nor mints that LRT again from idle. Only the part the plan does not keep is priced as a sale.
 */
import { describe, expect, it } from 'vitest';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildPlan, DEFAULT_PLANNER_OPTIONS, type PlannerInput } from '../../../src/plan/planner.ts';
import { delayCostWei, dexExitQuote } from '../../../src/yield/exit-cost.ts';
import { E, EZETH, LIMITS, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const SPECS: PositionSpec[] = [WEETH, WEETH_RESTAKED, EZETH];
/** The restaked position after a slashing: 2.0 % net, under liquid weETH's 3.0 % (best: ezETH 3.5 %). */
const ESTIMATES = [estimate('weETH', 0.03), estimate('weETH-restaked', 0.02), estimate('ezETH', 0.035)];
const RESTAKED_10 = observation('weETH-restaked', 10n, { liquidBalance: 0n, eigen: { depositShares: 10n * E, withdrawableShares: 10n * E, withdrawableUnderlying: 10n * E } });
/** 10 ETH idle, 30 weETH liquid, 10 weETH restaked, 50 ezETH; rate 1.0, 10 000/10 000 pools. */
const SNAP = snapshot(10n, [observation('weETH', 30n), RESTAKED_10, observation('ezETH', 50n)], { delegatedTo: OPERATOR });

function input(approved: Record<string, number>): PlannerInput {
  return {
    current: allocationFromSnapshot(SNAP),
    approved,
    snapshot: SNAP,
    specs: SPECS,
    estimates: ESTIMATES,
    limits: LIMITS,
    options: DEFAULT_PLANNER_OPTIONS,
    explain: { targetWeights: approved, findings: [], rationale: ['test'] },
  };
}

describe('un-restake in place', () => {
  it('restaked 10 % → 0, weETH 30 % → 40 %: one queue of the 10 weETH costing its 14 days at 3.5 % (0.013425 ETH), no sale, no mint', () => {
    const plan = buildPlan(input({ weETH: 4000, 'weETH-restaked': 0, ezETH: 5000 }));
    expect(plan.actions.map((a) => a.kind)).toEqual(['eigen-queue-withdrawal']);
    const queue = plan.actions[0];
    expect(queue?.kind === 'eigen-queue-withdrawal' ? queue.costWei : -1n).toBe(13_424_657_534_246_575n);
    expect(plan.totals.delayCostWei).toBe(13_424_657_534_246_575n);
    expect(plan.totals.slippageWei).toBe(0n);
    // Judged where it leads: 10 ETH from 2.0 % to 3.0 % once the queue pays out.
    expect(plan.expectedYearlyGainWei).toBe(100_000_000_000_000_000n);
  });

  it('restaked 10 % → 0, weETH 30 % → 35 %, ezETH 50 % → 55 %: the 5 weETH not kept are priced as liquid weETH’s cheapest sale, its 7-day queue', () => {
    const plan = buildPlan(input({ weETH: 3500, 'weETH-restaked': 0, ezETH: 5500 }));
    const queue = plan.actions.find((a) => a.kind === 'eigen-queue-withdrawal');
    // 5 ETH × 3.5 % × 7 / 365, under the pool's 0.0175 ETH.
    const sale = delayCostWei(5n * E, 7 * 86_400, 0.035);
    expect(sale).toBe(3_356_164_383_561_643n);
    expect(dexExitQuote(5n * E, RESTAKED_10, 30)!.costWei).toBe(17_483_784_333_509_746n);
    expect(queue?.kind === 'eigen-queue-withdrawal' ? queue.costWei : -1n).toBe(delayCostWei(10n * E, 14 * 86_400, 0.035) + sale);
    expect(plan.actions.some((a) => a.kind === 'deposit-lrt' && a.positionId === 'weETH')).toBe(false);
  });
});
