/**
 * Fee choice, tolerance, compounding interval and claim threshold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseFees, feeLimitsFor, gasLimitFromSimulation } from '../../../src/execution/fees.ts';
import { deviationWithin, shortfallWithin } from '../../../src/execution/tolerance.ts';
import { compoundDeposits, worthClaiming } from '../../../src/execution/compounding.ts';
import { compoundingCostRate, optimalCompoundIntervalSeconds } from '../../../src/plan/claim-timing.ts';

const GWEI = 1_000_000_000n;
const limits = { maxFeePerGasWei: 100n * GWEI, maxPriorityFeePerGasWei: 2n * GWEI, maxBaseFeeWei: 80n * GWEI };

describe('chooseFees', () => {
  it('covers a 12.5 % base fee rise plus the tip, within the cap', () => {
    expect(chooseFees(8n * GWEI, limits)).toEqual({ ok: true, maxFeePerGas: 11n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
  });
  it('shrinks the tip when the cap is close, refuses above the base fee limit or when the next base fee cannot fit', () => {
    expect(chooseFees(88n * GWEI, { ...limits, maxBaseFeeWei: 100n * GWEI })).toEqual({ ok: true, maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 1n * GWEI });
    expect(chooseFees(81n * GWEI, limits)).toMatchObject({ ok: false, reason: expect.stringMatching(/maxBaseFeeGwei/) });
    expect(chooseFees(90n * GWEI, { ...limits, maxBaseFeeWei: 200n * GWEI })).toMatchObject({ ok: false, reason: expect.stringMatching(/maxFeePerGasGwei/) });
  });
  it('sends a forced plan above the base fee limit, still under the fee cap; a voluntary one waits', () => {
    expect(chooseFees(85n * GWEI, feeLimitsFor({}, limits))).toMatchObject({ ok: false, reason: expect.stringMatching(/maxBaseFeeGwei/) });
    expect(chooseFees(85n * GWEI, feeLimitsFor({ forced: false }, limits))).toMatchObject({ ok: false });
    // ceil(85 × 9/8) = 95.625 gwei next base fee, 2 gwei tip: 97.625 gwei under the 100 gwei cap.
    expect(chooseFees(85n * GWEI, feeLimitsFor({ forced: true }, limits))).toEqual({ ok: true, maxFeePerGas: 97_625_000_000n, maxPriorityFeePerGas: 2n * GWEI });
    expect(chooseFees(90n * GWEI, feeLimitsFor({ forced: true }, limits))).toMatchObject({ ok: false, reason: expect.stringMatching(/maxFeePerGasGwei/) });
  });
  it('never exceeds the cap', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 200n * GWEI }), (base) => {
      const c = chooseFees(base, limits);
      return !c.ok || (c.maxFeePerGas <= limits.maxFeePerGasWei && c.maxFeePerGas >= (base * 9n) / 8n);
    }));
  });
  it('gas limit has headroom', () => {
    expect(gasLimitFromSimulation(100_000)).toBe(145_000n);
  });
});

describe('deviationWithin', () => {
  it('measures against the scale, plus slack', () => {
    expect(deviationWithin(999n, 1000n, 1000n, 10, 0n)).toBe(true);
    expect(deviationWithin(998n, 1000n, 1000n, 10, 0n)).toBe(false);
    expect(deviationWithin(5n, 0n, 0n, 10, 5n)).toBe(true);
    expect(deviationWithin(-10n, 0n, 20_000n, 10, 0n)).toBe(true);
  });
});

describe('shortfallWithin', () => {
  it('refuses only a shortfall beyond the tolerance; any surplus passes', () => {
    expect(shortfallWithin(999n, 1000n, 1000n, 10, 0n)).toBe(true);
    expect(shortfallWithin(998n, 1000n, 1000n, 10, 0n)).toBe(false);
    expect(shortfallWithin(1_005n, 1000n, 1000n, 10, 0n)).toBe(true);
    expect(shortfallWithin(10n ** 30n, 1000n, 1000n, 10, 0n)).toBe(true);
  });
  it('agrees with deviationWithin below the expectation (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 0, max: 500 }), (actual, expected, bps) =>
      actual >= expected ? shortfallWithin(actual, expected, expected, bps, 0n) : shortfallWithin(actual, expected, expected, bps, 0n) === deviationWithin(actual, expected, expected, bps, 0n),
    ));
  });
});

describe('compounding', () => {
  it('T* = sqrt(2C / (rho r)) for a worked example', () => {
    const rho = Math.log1p(0.03) / (365 * 86_400);
    const t = optimalCompoundIntervalSeconds({ rewardWeiPerSecond: 1e10, reinvestApy: 0.03, costWei: 5e15 });
    expect(t).toBeCloseTo(Math.sqrt((2 * 5e15) / (rho * 1e10)), 3);
    expect(t / 86_400).toBeGreaterThan(375);
    expect(t / 86_400).toBeLessThan(381);
    expect(optimalCompoundIntervalSeconds({ rewardWeiPerSecond: 0, reinvestApy: 0.03, costWei: 1 })).toBe(Number.POSITIVE_INFINITY);
  });
  it('T* minimises the cost rate (property)', () => {
    fc.assert(fc.property(fc.double({ min: 1e3, max: 1e15, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 1e12, max: 1e18, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }), (r, apy, c, k) => {
      const input = { rewardWeiPerSecond: r, reinvestApy: apy, costWei: c };
      const t = optimalCompoundIntervalSeconds(input);
      return compoundingCostRate(input, t) <= compoundingCostRate(input, t * k) * (1 + 1e-9);
    }));
  });
  it('claims only above the multiple of the cost', () => {
    expect(worthClaiming(3_001n, 1_000n, 3)).toBe(true);
    expect(worthClaiming(3_000n, 1_000n, 3)).toBe(false);
    expect(worthClaiming(2_501n, 1_000n, 2.5)).toBe(true);
  });
  it('reinvests the swaps\' min-outs per target weight, dropping dust', () => {
    const swap = { kind: 'swap-reward' as const, token: '0x01' as const, amountIn: 1n, fairValueWei: 0n, expectedOutWei: 0n, minOutWei: 1_000_000n, slippageBps: 0, gas: 0, why: '' };
    const deposits = compoundDeposits([swap], [{ positionId: 'a', weightBps: 7_500, rateWad: 10n ** 18n }, { positionId: 'b', weightBps: 2_500, rateWad: 2n * 10n ** 18n }, { positionId: 'c', weightBps: 1, rateWad: 10n ** 18n }], 100, 1_000n);
    expect(deposits.map((d) => [d.positionId, d.amountWei, d.expectedLrt, d.minLrt])).toEqual([
      ['a', 749_925n, 749_925n, 742_425n],
      ['b', 249_975n, 124_987n, 123_737n],
    ]);
  });
});
