/**
 * A depeg seen for one print freezes deposits; only a discount that lasted
 * `depeg.confirmSeconds` forces the (irreversible, costly) exit.
 */
import { describe, expect, it } from 'vitest';
import { assessTargets } from '../../../src/risk/engine.ts';
import { trackDepegs } from '../../../src/risk/depeg-watch.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import { E, EZETH, LIMITS, NOW, OPERATOR, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

const limits: RiskLimits = { ...LIMITS, depeg: { thresholdBps: 200, exit: true, confirmSeconds: 600 } };
const specs = [WEETH, EZETH];
const estimates = [estimate('weETH', 0.03), estimate('ezETH', 0.036)];
// weETH's pool pays 0.85 WETH per weETH at a 1.0 protocol rate: a 15% discount.
const wick = (at: number) =>
  snapshot(40n, [observation('weETH', 30n, { dex: { token: 10_000n * E, weth: 8_500n * E } }), observation('ezETH', 30n)], { delegatedTo: OPERATOR, timestamp: at });
const calm = (at: number) => snapshot(40n, [observation('weETH', 30n, { dex: { token: 10_000n * E, weth: 10_000n * E } }), observation('ezETH', 30n)], { delegatedTo: OPERATOR, timestamp: at });

function assess(snap: ReturnType<typeof wick>, depegSince: Record<string, number>) {
  return assessTargets({ targets: { weETH: 5000, ezETH: 3000 }, current: allocationFromSnapshot(snap), snapshot: snap, estimates, specs, limits, context: { now: snap.timestamp, turnoverUsedTodayBps: 0, depegSince } });
}

describe('depeg persistence', () => {
  it('a one-print 15% discount freezes deposits but forces no exit', () => {
    const snap = wick(NOW);
    const v = assess(snap, trackDepegs({}, snap, limits));
    expect(v.approved['weETH']).toBe(3000);
    expect(v.mandatory).toBe(false);
    expect(v.findings[0]).toMatchObject({ code: 'DEPEG', positionId: 'weETH', observed: -1500, action: 'clamped' });
    expect(v.findings[0]?.message).toContain('exit once it lasts 600 s (seen for 0 s)');
  });

  it('exits once the discount has lasted confirmSeconds without a break', () => {
    let since = trackDepegs({}, wick(NOW), limits);
    since = trackDepegs(since, wick(NOW + 300), limits);
    expect(since).toEqual({ weETH: NOW });
    expect(assess(wick(NOW + 300), since).mandatory).toBe(false);
    since = trackDepegs(since, wick(NOW + 600), limits);
    const v = assess(wick(NOW + 600), since);
    expect(v.approved['weETH']).toBe(0);
    expect(v.mandatory).toBe(true);
    expect(v.findings[0]).toMatchObject({ code: 'DEPEG', action: 'exit' });
  });

  it('a break in the discount restarts the clock', () => {
    let since = trackDepegs({}, wick(NOW), limits);
    since = trackDepegs(since, calm(NOW + 300), limits);
    expect(since).toEqual({});
    since = trackDepegs(since, wick(NOW + 600), limits);
    expect(since).toEqual({ weETH: NOW + 600 });
    expect(assess(wick(NOW + 600), since).mandatory).toBe(false);
  });
});
