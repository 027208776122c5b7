import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { trailingApy } from '../../../src/yield/trailing-apy.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';

const DAY = 86_400;
const HOUR = 3_600;

/** Exact constant-growth series: rate = r0 · exp(k·t). */
function series(apy: number, points: number, step: number, start = 1.02): RateSample[] {
  const k = apyToPerSecond(apy);
  return Array.from({ length: points }, (_, i) => ({
    timestamp: 1_000_000 + i * step,
    rateWad: BigInt(Math.round(start * Math.exp(k * i * step) * 1e18)),
  }));
}

const opts = (now: number, windowSeconds = 7 * DAY) => ({ now, windowSeconds, staleAfterSeconds: 2 * HOUR });

describe('trailingApy', () => {
  it('recovers the APY of a constant-growth series', () => {
    const s = series(0.035, 7 * 24 + 1, HOUR);
    const r = trailingApy(s, opts(1_000_000 + 7 * DAY));
    expect(r.ok).toBe(true);
    expect(r.apy).toBeCloseTo(0.035, 6);
    expect(r.samples).toBe(169);
    expect(r.stale).toBe(false);
    expect(r.rejected).toBe(0);
  });

  it('uses only the window and ignores samples after now', () => {
    const old = series(0.5, 10, DAY, 1.0);
    const recent = series(0.03, 25, HOUR, 1.0 * Math.exp(apyToPerSecond(0.5) * 9 * DAY)).map((s) => ({ ...s, timestamp: s.timestamp + 10 * DAY }));
    const now = 1_000_000 + 11 * DAY;
    const future = { timestamp: now + HOUR, rateWad: 5n * 10n ** 18n };
    const r = trailingApy([...old, ...recent, future], opts(now, DAY));
    expect(r.apy).toBeCloseTo(0.03, 5);
  });

  it('flags stale data and too few samples', () => {
    const s = series(0.03, 3, HOUR);
    const r = trailingApy(s, opts(1_000_000 + 2 * HOUR + 3 * HOUR));
    expect(r.stale).toBe(true);
    expect(r.reasons[0]).toMatch(/old/);
    const few = trailingApy(s.slice(0, 2), opts(1_000_000 + HOUR));
    expect(few.ok).toBe(false);
    expect(few.apy).toBe(0);
    expect(trailingApy([], opts(0)).stale).toBe(true);
  });

  it('rejects a single bad read and reports the jump of the newest point', () => {
    const s = series(0.04, 49, HOUR);
    const bad = s.map((p, i) => (i === 20 ? { ...p, rateWad: (p.rateWad * 90n) / 100n } : p));
    const r = trailingApy(bad, opts(1_000_000 + 48 * HOUR, 2 * DAY));
    expect(r.rejected).toBe(1);
    expect(r.apy).toBeCloseTo(0.04, 6);
    const dropped = s.map((p, i) => (i === 48 ? { ...p, rateWad: (p.rateWad * 98n) / 100n } : p));
    const j = trailingApy(dropped, opts(1_000_000 + 48 * HOUR, 2 * DAY));
    expect(j.lastJumpBps).toBeLessThan(-190);
  });

  it('follows a rate that moves in daily steps', () => {
    const k = apyToPerSecond(0.03);
    const s: RateSample[] = Array.from({ length: 30 * 24 + 1 }, (_, i) => {
      const stepped = Math.floor((i * HOUR) / DAY) * DAY;
      return { timestamp: i * HOUR, rateWad: BigInt(Math.round(Math.exp(k * stepped) * 1e18)) };
    });
    const r = trailingApy(s, { now: 30 * DAY, windowSeconds: 30 * DAY, staleAfterSeconds: DAY });
    expect(r.apy).toBeGreaterThan(0.028);
    expect(r.apy).toBeLessThan(0.032);
  });

  it('property: APY of any constant-growth series equals the growth', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.2, max: 0.5, noNaN: true }), fc.integer({ min: 3, max: 200 }), fc.integer({ min: 60, max: 6 * HOUR }), (apy, n, step) => {
        const s = series(apy, n, step);
        const r = trailingApy(s, { now: 1_000_000 + (n - 1) * step, windowSeconds: n * step, staleAfterSeconds: step });
        // 1 wei of rounding on a ~1e18 rate, annualised over the span.
        const tolerance = 1e-6 + (2e-18 * 31_536_000) / ((n - 1) * step) * 10;
        return Math.abs(r.apy - apy) < tolerance;
      }),
    );
  });

  it('a bad print between two reads a wei apart is dropped, not fitted as a rate update', () => {
    // A nearly flat rate (wei rounding makes three distinct values) with one read at half the rate:
    // the stepped-rate path took the print as an update and read 1.5e208 APY.
    const s = series(2.431388423929388e-13, 13, HOUR);
    const bad = s.map((p, i) => (i === 4 ? { ...p, rateWad: p.rateWad / 2n } : p));
    const r = trailingApy(bad, opts(1_000_000 + 12 * HOUR, 13 * HOUR));
    expect(r.apy).toBe(0);
    expect(r.samples).toBe(2);
  });

  it('property: one outlier of any size does not move the estimate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 8, max: 120 }),
        fc.nat(),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (apy, n, where, factor) => {
          const s = series(apy, n, HOUR);
          const idx = where % n;
          const bad = s.map((p, i) => (i === idx ? { ...p, rateWad: BigInt(Math.round(Number(p.rateWad) * factor)) } : p));
          const clean = trailingApy(s, opts(1_000_000 + (n - 1) * HOUR, n * HOUR));
          const dirty = trailingApy(bad, opts(1_000_000 + (n - 1) * HOUR, n * HOUR));
          // A kept outlier is within the 1 bps floor; its leverage on the slope is at most
          // 1e-4 · 6 / (n · span) per second (OLS with one point at the edge).
          const span = (n - 1) * HOUR;
          const bound = 1e-6 + Math.expm1((1e-4 * 6 * 31_536_000) / (n * span)) * 2;
          return Math.abs(dirty.apy - clean.apy) <= bound;
        },
      ),
    );
  });
});
