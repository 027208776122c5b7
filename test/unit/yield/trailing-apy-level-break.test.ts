import { describe, expect, it } from 'vitest';
import { trailingApy } from '../../../src/yield/trailing-apy.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { DAY, HOUR, prng, rateSeries } from './rate-series.ts';

/** The keeper's options (7-day window, 30 days of noise history, 100 bps jump limit) at `now`. */
const at = (now: number) => ({ now, windowSeconds: 7 * DAY, staleAfterSeconds: DAY, maxJumpBps: 100, noiseWindowSeconds: 30 * DAY });

/** `series` with its rate multiplied by `factor` from `from` on: a one-off level step (a socialised loss). */
function stepped(series: readonly RateSample[], from: number, factor: number): RateSample[] {
  const scale = BigInt(Math.round(factor * 1e9));
  return series.map((s) => (s.timestamp >= from ? { ...s, rateWad: (s.rateWad * scale) / 1_000_000_000n } : s));
}

/** Estimates every 6 hours from `from` to `to`, each on the history up to then. */
function estimates(history: readonly RateSample[], from: number, to: number) {
  const out = [];
  for (let t = from; t <= to; t += 6 * HOUR) out.push({ t, ...trailingApy(history.filter((s) => s.timestamp <= t), at(t)) });
  return out;
}

describe('a one-off level step in the rate', () => {
  // 3.3 %/yr read every 6 hours; the rate falls 2 % once on day 25 and grows on as before.
  const growing = rateSeries({ endSeconds: 45 * DAY, sampleSeconds: 6 * HOUR, apyAt: () => 0.033 });
  const dropped = stepped(growing, 25 * DAY, 0.98);

  it('is not read as yield: the estimate stays at 3.3 % on every tick of the two weeks after a 2 % drop', () => {
    // Before the fix it read -80.6 % from 1.75 days after the drop (the drop spread over the
    // robust line's half-window pairs), then -58 % once the trend-change split measured the
    // "new regime" as the drop plus two days of growth.
    for (const e of estimates(dropped, 25 * DAY, 40 * DAY)) {
      expect(e.ok).toBe(true);
      expect(e.apy).toBeGreaterThan(0.032);
      expect(e.apy).toBeLessThan(0.034);
    }
  });

  it('is not read as yield when it is small (0.3 %, under the jump limit) or upward (+2 %)', () => {
    // Before the fix: -27 % after the 0.3 % drop, +400 % after the 2 % rise.
    for (const factor of [0.997, 1.02]) {
      for (const e of estimates(stepped(growing, 25 * DAY, factor), 25 * DAY, 40 * DAY)) {
        expect(e.apy).toBeGreaterThan(0.032);
        expect(e.apy).toBeLessThan(0.034);
      }
    }
  });

  it('still reports the drop as a rate jump until the new level has held two days, then not', () => {
    const byDay = new Map(estimates(dropped, 25 * DAY, 30 * DAY).map((e) => [(e.t - 25 * DAY) / DAY, e.lastJumpBps]));
    for (const day of [0, 0.25, 1, 1.75]) expect(byDay.get(day)).toBeLessThan(-190);
    for (const day of [2.25, 3, 5]) expect(Math.abs(byDay.get(day) as number)).toBeLessThan(1);
  });

  it('is not read as yield on a noisy rate: no estimate below 1 % in the two weeks after a 2 % drop', () => {
    let worst = Number.POSITIVE_INFINITY;
    for (let seed = 1; seed <= 10; seed++) {
      const noisy = rateSeries({ endSeconds: 45 * DAY, sampleSeconds: 6 * HOUR, apyAt: () => 0.033, dailyNoiseApy: 0.005, rnd: prng(seed) });
      for (const e of estimates(stepped(noisy, 25 * DAY, 0.98), 25 * DAY + DAY, 40 * DAY)) worst = Math.min(worst, e.apy);
    }
    expect(worst).toBeGreaterThan(0.01);
  });

  it('a bad read held for two samples that comes back is rejected as outliers, not taken as two breaks', () => {
    const held = growing.map((s) => (s.timestamp === 20 * DAY || s.timestamp === 20 * DAY + 6 * HOUR ? { ...s, rateWad: (s.rateWad * 97n) / 100n } : s));
    const r = trailingApy(held, at(22 * DAY));
    expect(r.apy).toBeCloseTo(0.033, 5);
    expect(r.rejected).toBe(2);
  });
});
