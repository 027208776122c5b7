import { describe, expect, it } from 'vitest';
import { trailingApy } from '../../../src/yield/trailing-apy.ts';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields } from '../../../src/yield/estimate.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { DAY, HOUR, prng, rateSeries } from './rate-series.ts';

const spec: PositionSpec = { id: 'rsETH', symbol: 'rsETH', protocol: 'kelp', token: '0x00000000000000000000000000000000000000e2', exits: { dex: { feeBps: 30 } }, riskTier: 2 };
const E = 10n ** 18n;

/** The estimate the keeper ranks (default windows: 7 days, then 30, then 1) for one rate history. */
function estimateAt(history: readonly RateSample[], now: number) {
  const snapshot: Snapshot = {
    chainId: 1,
    block: 1,
    timestamp: now,
    baseFeeWei: 0n,
    holder: '0x00000000000000000000000000000000000000aa',
    idleWei: 0n,
    positions: [{ positionId: 'rsETH', rateWad: E, liquidBalance: E, valueWei: E }],
    queuedWithdrawals: [],
    rewards: [],
    slashing: [],
    observedAt: now,
  };
  const visible = history.filter((s) => s.timestamp <= now);
  const [e] = estimateYields({ snapshot, specs: [spec], now, rateHistory: { rsETH: visible }, options: { ...DEFAULT_ESTIMATOR_OPTIONS, staleAfterSeconds: DAY } });
  if (e === undefined) throw new Error('no estimate');
  return e;
}

describe('rates that update in steps', () => {
  it('reads a weekly oracle at its growth on every day of the week, not 0 %', () => {
    const weekly = rateSeries({ endSeconds: 60 * DAY, sampleSeconds: 4 * HOUR, apyAt: () => 0.035, updateSeconds: 7 * DAY });
    for (let day = 36; day < 43; day++) {
      const e = estimateAt(weekly, day * DAY);
      expect(e.stale).toBe(false);
      expect(e.lrtApy).toBeGreaterThan(0.034);
      expect(e.lrtApy).toBeLessThan(0.036);
    }
  });

  it("reads Kelp's daily stored price at its growth, sampled every 4 hours", () => {
    const daily = rateSeries({ endSeconds: 40 * DAY, sampleSeconds: 4 * HOUR, apyAt: () => 0.03, updateSeconds: DAY });
    for (const hour of [0, 4, 8, 12, 16, 20]) {
      const e = estimateAt(daily, 30 * DAY + hour * HOUR);
      expect(e.windowSeconds).toBe(7 * DAY);
      expect(e.lrtApy).toBeGreaterThan(0.029);
      expect(e.lrtApy).toBeLessThan(0.031);
    }
  });

  it('counts an overdue update as flat: a rate that stopped reads as slowing down', () => {
    // Weekly updates at 3.5 % until day 28, then none: by day 45 the last update is 17 days old.
    const stopped = rateSeries({ endSeconds: 45 * DAY, sampleSeconds: 4 * HOUR, apyAt: (t) => (t <= 28 * DAY ? 0.035 : 0), updateSeconds: 7 * DAY });
    const fresh = trailingApy(stopped, { now: 30 * DAY, windowSeconds: 60 * DAY, staleAfterSeconds: DAY });
    expect(fresh.apy).toBeCloseTo(0.035, 3);
    const r = trailingApy(stopped, { now: 45 * DAY, windowSeconds: 60 * DAY, staleAfterSeconds: DAY });
    expect(r.ok).toBe(true);
    expect(r.apy).toBeLessThan(0.03);
    expect(r.reasons.some((m) => m.includes('no rate update'))).toBe(true);
  });
});

describe('uncertainty of the estimate', () => {
  it('is near zero for an exact series and a few tenths of a percent for a noisy one', () => {
    const exact = rateSeries({ endSeconds: 10 * DAY, sampleSeconds: HOUR, apyAt: () => 0.03 });
    expect(trailingApy(exact, { now: 10 * DAY, windowSeconds: 7 * DAY, staleAfterSeconds: DAY }).apyStdErr).toBeLessThan(1e-4);
    // A daily yield off by 1 percentage point (1 sd) each day: 7 days average it to ≈ 0.38 pp.
    const noisy = rateSeries({ endSeconds: 10 * DAY, sampleSeconds: 4 * HOUR, apyAt: () => 0.03, dailyNoiseApy: 0.01, rnd: prng(11) });
    const r = trailingApy(noisy, { now: 10 * DAY, windowSeconds: 7 * DAY, staleAfterSeconds: DAY });
    expect(r.apyStdErr).toBeGreaterThan(0.001);
    expect(r.apyStdErr).toBeLessThan(0.01);
  });

  it('property: the true yield lies within 3 standard errors in at least 90 % of noisy histories', () => {
    let inside = 0;
    const runs = 100;
    for (let seed = 1; seed <= runs; seed++) {
      const noisy = rateSeries({ endSeconds: 20 * DAY, sampleSeconds: 4 * HOUR, apyAt: () => 0.03, dailyNoiseApy: 0.01, rnd: prng(seed) });
      const r = trailingApy(noisy, { now: 20 * DAY, windowSeconds: 7 * DAY, staleAfterSeconds: DAY });
      if (Math.abs(r.apy - 0.03) <= 3 * r.apyStdErr) inside++;
    }
    expect(inside).toBeGreaterThanOrEqual(90);
  });
});

describe('a sustained shift', () => {
  it('is followed within days: 3.4 % → 1.2 % reads below 2 % three days later in most histories', () => {
    let followed = 0;
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      const shift = rateSeries({ endSeconds: 40 * DAY, sampleSeconds: 4 * HOUR, apyAt: (t) => (t < 30 * DAY ? 0.034 : 0.012), dailyNoiseApy: 0.005, rnd: prng(seed) });
      const r = trailingApy(shift, { now: 33 * DAY, windowSeconds: 7 * DAY, staleAfterSeconds: DAY });
      if (r.apy < 0.02) followed++;
    }
    // A plain 7-day fit still reads ≈ 2.3 % three days after the shift.
    expect(followed).toBeGreaterThanOrEqual(30);
  });

  it('does not cut the window on an exact series', () => {
    const exact = rateSeries({ endSeconds: 10 * DAY, sampleSeconds: HOUR, apyAt: () => 0.03 });
    const r = trailingApy(exact, { now: 10 * DAY, windowSeconds: 7 * DAY, staleAfterSeconds: DAY });
    expect(r.reasons.some((m) => m.includes('trend changed'))).toBe(false);
  });
});
