/**
 * Exit from a slashed operator is decided by the priced risk: the estimate's slashing hazard
 * lowers the restaked position's score until leaving (a 14-day EigenLayer queue) pays.
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { SlashingObservation } from '../../../src/domain/snapshot.ts';
import { DEFAULT_SLASHING_HAZARD, slashingHazard } from '../../../src/yield/slashing-hazard.ts';
import { AVS, E, LIMITS, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const onePercent: SlashingObservation = { operator: OPERATOR, avs: AVS, operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000c1'], wadSlashed: [E / 100n], block: 1 };

/** 40 ETH liquid weETH at 3.0 %, 50 ETH restaked weETH at 3.0 % + 1.5 % AVS APR − its slashing hazard, 10 ETH idle. */
function decideAfter(slashings: number) {
  const slashing = Array.from({ length: slashings }, () => onePercent);
  const hazard = slashingHazard(WEETH_RESTAKED, slashing, DEFAULT_SLASHING_HAZARD).apy;
  const snap = snapshot(10n, [observation('weETH', 40n), observation('weETH-restaked', 50n, { liquidBalance: 0n, eigen: { depositShares: 50n * E, withdrawableShares: 50n * E, withdrawableUnderlying: 50n * E } })], {
    delegatedTo: OPERATOR,
    slashing,
  });
  const estimates = [estimate('weETH', 0.03, { netApyStdErr: 0.001 }), estimate('weETH-restaked', 0.045 - hazard, { slashingApy: hazard, netApyStdErr: 0.001 })];
  const limits = { ...LIMITS, maxWeightPerPositionBps: 9000, maxWeightPerProtocolBps: 10_000 };
  return { hazard, out: riskAdjustedYield.decide({ snapshot: snap, estimates, current: allocationFromSnapshot(snap), limits, specs: [WEETH, WEETH_RESTAKED] }, riskAdjustedYield.paramsSchema.parse({})) };
}

describe('risk-adjusted-yield exits a slashed operator on priced risk', () => {
  it('stays after one 1 % slashing: 4.5 % − 2.1 % hazard − 0.1 % tier penalty = 2.3 % is not worth a 14-day exit for 3.0 %', () => {
    const { hazard, out } = decideAfter(1);
    expect(hazard).toBeCloseTo(0.021, 12);
    expect(out.weights['weETH-restaked']).toBe(5000);
  });

  it('leaves after three: 4.5 % − 6.1 % − 0.1 % = −1.7 % against 3.0 % liquid pays for the queue', () => {
    const { hazard, out } = decideAfter(3);
    expect(hazard).toBeCloseTo(0.061, 12);
    // Everything weETH can take moves (its 9000 bps cap, less the idle buffer's headroom);
    // the ~5 % left would only go idle, and −1.7 % a year over 30 days does not pay that queue.
    expect(out.weights['weETH-restaked']).toBeLessThan(500);
    expect(out.weights.weETH).toBeGreaterThan(8500);
  });
});
