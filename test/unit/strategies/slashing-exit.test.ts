/**
 * Exit from a slashed operator is decided by the priced risk: the estimate's slashing hazard
 * lowers the restaked position's score until leaving pays for the 14-day EigenLayer queue,
 * twice over 30 days. The LRT comes back as the liquid weETH the vault keeps, so the exit is
 * the queue alone (3.0 % × 14/365 = 0.115 % of the value, plus gas: 0.13 %), not a 30 bps DEX sale on
 * top of it (≈ 0.95 % in all before, which kept the vault at an operator slashed 3 % once).
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { SlashingObservation } from '../../../src/domain/snapshot.ts';
import { DEFAULT_SLASHING_HAZARD, slashingHazard } from '../../../src/yield/slashing-hazard.ts';
import { AVS, E, LIMITS, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const slashed = (pct: bigint): SlashingObservation => ({ operator: OPERATOR, avs: AVS, operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000c1'], wadSlashed: [(pct * E) / 100n], block: 1 });

/** A 100 000 ETH weETH pool: selling 50 ETH costs the 30 bps fee and ≈ 5 bps of impact. */
const DEEP_POOL = { token: 100_000n * E, weth: 100_000n * E };

/** 40 ETH liquid weETH at 3.0 %, 50 ETH restaked weETH at 3.0 % + 1.5 % AVS APR − its slashing hazard, 10 ETH idle. */
function decideAfter(slashing: SlashingObservation[]) {
  const hazard = slashingHazard(WEETH_RESTAKED, slashing, DEFAULT_SLASHING_HAZARD).apy;
  const snap = snapshot(10n, [observation('weETH', 40n), observation('weETH-restaked', 50n, { liquidBalance: 0n, dex: DEEP_POOL, eigen: { depositShares: 50n * E, withdrawableShares: 50n * E, withdrawableUnderlying: 50n * E } })], {
    delegatedTo: OPERATOR,
    slashing,
  });
  const estimates = [
    estimate('weETH', 0.03, { netApyStdErr: 0.001 }),
    estimate('weETH-restaked', 0.045 - hazard, { lrtApy: 0.03, avsApr: 0.015, slashingApy: hazard, netApyStdErr: 0.001 }),
  ];
  const limits = { ...LIMITS, maxWeightPerPositionBps: 9000, maxWeightPerProtocolBps: 10_000 };
  return { hazard, out: riskAdjustedYield.decide({ snapshot: snap, estimates, current: allocationFromSnapshot(snap), limits, specs: [WEETH, WEETH_RESTAKED] }, riskAdjustedYield.paramsSchema.parse({})) };
}

describe('risk-adjusted-yield exits a slashed operator on priced risk', () => {
  it('stays after one 0.2 % slashing: 4.5 % − 1.3 % hazard − 0.1 % tier penalty = 3.1 %, more than the 3.0 % of leaving', () => {
    const { hazard, out } = decideAfter([{ ...slashed(1n), wadSlashed: [(2n * E) / 1000n] }]);
    expect(hazard).toBeCloseTo(0.013, 12);
    expect(out.weights['weETH-restaked']).toBe(5000);
  });

  it('leaves after one 1 % slashing: 4.5 % − 6.1 % − 0.1 % = −1.7 % against 3.0 % gains 0.39 % in 30 days, more than 2 × the queue (0.26 %)', () => {
    const { hazard, out } = decideAfter([slashed(1n)]);
    expect(hazard).toBeCloseTo(0.061, 12);
    // Everything weETH can take moves (its 9000 bps cap, less the idle buffer's headroom);
    // the ~5 % left would only go idle, which does not pay the exit.
    expect(out.weights['weETH-restaked']).toBeLessThan(500);
    expect(out.weights.weETH).toBeGreaterThan(8500);
    expect(out.rationale).toContain('weETH-restaked → weETH: leave EigenLayer as the LRT itself for 0.13% of the value moved');
  });

  it('leaves after three 1 % slashings: 4.5 % − 18.1 % − 0.1 % = −13.7 % against 3.0 % gains 1.37 % in 30 days', () => {
    const { hazard, out } = decideAfter([slashed(1n), slashed(1n), slashed(1n)]);
    expect(hazard).toBeCloseTo(0.181, 12);
    expect(out.weights['weETH-restaked']).toBeLessThan(500);
  });
});
