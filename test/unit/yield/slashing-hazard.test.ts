import { describe, expect, it } from 'vitest';
import { DEFAULT_SLASHING_HAZARD, slashingHazard, writeDownHazard } from '../../../src/yield/slashing-hazard.ts';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields } from '../../../src/yield/estimate.ts';
import type { SlashingObservation } from '../../../src/domain/snapshot.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import type { Address } from '../../../src/domain/types.ts';
import { AVS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, observation, snapshot } from '../domain/fixtures.ts';
import { DAY, HOUR, rateSeries } from './rate-series.ts';

const OTHER_OPERATOR: Address = '0x00000000000000000000000000000000000000f2';
const OTHER_AVS: Address = '0x00000000000000000000000000000000000000a2';

function slash(operator: Address, avs: Address, fraction: number): SlashingObservation {
  return { operator, avs, operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000c1'], wadSlashed: [BigInt(Math.round(fraction * 1e18))], block: 1 };
}

describe('slashingHazard', () => {
  it('is 0 for a liquid position and the base hazard for a restaked one with no history', () => {
    expect(slashingHazard(WEETH, [slash(OPERATOR, AVS, 0.05)], DEFAULT_SLASHING_HAZARD).apy).toBe(0);
    expect(slashingHazard(WEETH_RESTAKED, [], DEFAULT_SLASHING_HAZARD).apy).toBeCloseTo(0.001, 12);
  });

  it("rises with the operator's own slashings: 0.1 % + 6 × 1 % per slashing of 1 %", () => {
    expect(slashingHazard(WEETH_RESTAKED, [slash(OPERATOR, AVS, 0.01)], DEFAULT_SLASHING_HAZARD).apy).toBeCloseTo(0.061, 12);
    const thrice = slashingHazard(WEETH_RESTAKED, [slash(OPERATOR, AVS, 0.01), slash(OPERATOR, AVS, 0.01), slash(OPERATOR, AVS, 0.01)], DEFAULT_SLASHING_HAZARD);
    expect(thrice.apy).toBeCloseTo(0.181, 12);
    expect(thrice.reasons.join('\n')).toMatch(/operator slashed 3 time\(s\), 3.00% in all/);
  });

  it("rises less with the AVS's slashings of other operators, and not at all with unrelated ones", () => {
    expect(slashingHazard(WEETH_RESTAKED, [slash(OTHER_OPERATOR, AVS, 0.02)], DEFAULT_SLASHING_HAZARD).apy).toBeCloseTo(0.011, 12);
    expect(slashingHazard(WEETH_RESTAKED, [slash(OTHER_OPERATOR, OTHER_AVS, 0.5)], DEFAULT_SLASHING_HAZARD).apy).toBeCloseTo(0.001, 12);
  });

  it('follows the configured hazard and never exceeds a total loss', () => {
    const opts = { hazardBps: 50, repeatPerYear: 4, avsRepeatPerYear: 0 };
    expect(slashingHazard(WEETH_RESTAKED, [slash(OPERATOR, AVS, 0.01)], opts).apy).toBeCloseTo(0.045, 12);
    expect(slashingHazard(WEETH_RESTAKED, [slash(OPERATOR, AVS, 0.9)], opts).apy).toBe(1);
  });
});

describe('estimateYields prices slashing', () => {
  it('subtracts the hazard from the net APY of the restaked position only', () => {
    const history = rateSeries({ endSeconds: 10 * DAY, sampleSeconds: HOUR, apyAt: () => 0.03 }).map((s) => ({ ...s, timestamp: s.timestamp + NOW - 10 * DAY }));
    const snap = snapshot(0n, [observation('weETH', 50n), observation('weETH-restaked', 50n, { liquidBalance: 0n })], {
      delegatedTo: OPERATOR,
      slashing: [slash(OPERATOR, AVS, 0.01), slash(OPERATOR, AVS, 0.01), slash(OPERATOR, AVS, 0.01)],
    });
    const [liquid, restaked] = estimateYields({ snapshot: snap, specs: [WEETH, WEETH_RESTAKED], now: NOW, rateHistory: { weETH: history }, options: DEFAULT_ESTIMATOR_OPTIONS });
    expect(liquid?.slashingApy).toBe(0);
    expect(restaked?.slashingApy).toBeCloseTo(0.181, 12);
    expect((restaked?.netApy ?? 0) - (restaked?.lrtApy ?? 0) - (restaked?.avsApr ?? 0)).toBeCloseTo(-0.181, 9);
  });
});

describe('write-downs of an LRT rate are priced like a slashing', () => {
  /** 40 days of hourly weETH reads at 3 %, multiplied by `factor` from `dropAtDay` on (and by `backAt` from then, when given). */
  function history(dropAtDay: number, factor: number, backAtDay?: number): RateSample[] {
    return rateSeries({ endSeconds: 40 * DAY, sampleSeconds: HOUR, apyAt: () => 0.03 }).map((s) => {
      const t = s.timestamp;
      const cut = t >= dropAtDay * DAY && (backAtDay === undefined || t < backAtDay * DAY);
      return { timestamp: t + NOW - 40 * DAY, rateWad: cut ? (s.rateWad * BigInt(Math.round(factor * 1e6))) / 1_000_000n : s.rateWad };
    });
  }
  const snap = snapshot(0n, [observation('weETH', 50n), observation('weETH-restaked', 50n, { liquidBalance: 0n })], { delegatedTo: OPERATOR });
  const estimate = (h: RateSample[]) => estimateYields({ snapshot: snap, specs: [WEETH, WEETH_RESTAKED], now: NOW, rateHistory: { weETH: h }, options: DEFAULT_ESTIMATOR_OPTIONS });

  it('writeDownHazard: 6 × the fraction written down, capped at a total loss, 0 without one', () => {
    expect(writeDownHazard(0.02, DEFAULT_SLASHING_HAZARD).apy).toBeCloseTo(0.12, 12);
    expect(writeDownHazard(0.02, DEFAULT_SLASHING_HAZARD).reasons.join('\n')).toMatch(/rate written down 2.00% .*6× a year, 12.00% a year/);
    expect(writeDownHazard(0.5, DEFAULT_SLASHING_HAZARD).apy).toBe(1);
    expect(writeDownHazard(0, DEFAULT_SLASHING_HAZARD)).toEqual({ apy: 0, reasons: [] });
  });

  it('a 2 % write-down 5 days ago costs both weETH positions 12 %/yr, while the fit still reads the 3 % growth', () => {
    const [liquid, restaked] = estimate(history(35, 0.98));
    expect(liquid?.lrtApy).toBeCloseTo(0.03, 3);
    expect(liquid?.slashingApy).toBeCloseTo(0.12, 3);
    expect(restaked?.slashingApy).toBeCloseTo(0.001 + 0.12, 3);
    expect(liquid?.netApy).toBeCloseTo(0.03 - 0.12, 3);
  });

  it('a write-down older than the 30-day history costs nothing, nor does a level that came back', () => {
    expect(estimate(history(5, 0.98))[0]?.slashingApy).toBe(0);
    expect(estimate(history(30, 0.98, 33))[0]?.slashingApy).toBe(0);
  });
});
