import { describe, expect, it } from 'vitest';
import { LagTracker, startLivenessMonitor } from '../../../src/telemetry/liveness.ts';

describe('LagTracker', () => {
  it('reports no lag while the heartbeat is on time', () => {
    const t = new LagTracker(500, 30_000);
    for (let at = 0; at <= 5_000; at += 500) t.beat(at);
    expect(t.maxLagMs(5_100)).toBe(0);
  });

  it('remembers a stall for the window, then forgets it', () => {
    const t = new LagTracker(500, 30_000);
    t.beat(0);
    t.beat(500);
    t.beat(7_000); // fired 6,000 ms late
    t.beat(7_500);
    expect(t.maxLagMs(7_600)).toBe(6_000);
    for (let at = 8_000; at <= 38_000; at += 500) t.beat(at);
    expect(t.maxLagMs(38_100)).toBe(0);
  });

  it('counts a heartbeat that is overdue right now', () => {
    const t = new LagTracker(500, 30_000);
    t.beat(0);
    expect(t.maxLagMs(9_500)).toBe(9_000);
  });
});

describe('startLivenessMonitor', () => {
  it('is ok while the loop runs, and not ok once the heartbeat is late beyond the limit', () => {
    let now = 1_000_000;
    const monitor = startLivenessMonitor({ now: () => now, intervalMs: 500, stuckAfterMs: 5_000 });
    try {
      expect(monitor.report()).toMatchObject({ ok: true, maxLagMs: 0 });
      now += 6_000; // no heartbeat could fire: the clock moved without the loop
      expect(monitor.report()).toMatchObject({ ok: false, maxLagMs: 5_500, uptimeSeconds: 6 });
    } finally {
      monitor.stop();
    }
  });
});
