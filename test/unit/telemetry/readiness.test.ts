import { describe, expect, it } from 'vitest';
import { createActivityTracker, redisCheck, rpcRecentCheck, runReadiness, workersCheck } from '../../../src/telemetry/readiness.ts';

describe('readiness', () => {
  it('is ready only when every check passes', async () => {
    const activity = createActivityTracker(() => 10_000);
    activity.mark(9_000);
    const report = await runReadiness([redisCheck({ ping: async () => 'PONG' }), rpcRecentCheck(activity, 5_000, undefined, () => 10_000), workersCheck(() => [{ name: 'observe', isRunning: () => true }])]);
    expect(report.ok).toBe(true);
    expect(report.checks.rpc).toEqual({ ok: true, detail: 'answered 1000 ms ago' });
  });

  it('reports a hung check as failed within its deadline, and a thrown one with a redacted message', async () => {
    const hung = { ping: () => new Promise<string>(() => undefined) };
    const report = await runReadiness([redisCheck(hung), { name: 'rpc', run: async () => Promise.reject(new Error('connect to https://user:pw@node.example/v2/KEY failed')) }], 50);
    expect(report.ok).toBe(false);
    expect(report.checks.redis).toEqual({ ok: false, detail: 'no answer within 50 ms' });
    expect(report.checks.rpc?.detail).not.toContain('KEY');
    expect(report.checks.rpc?.detail).not.toContain('pw');
  });

  it('asks the node once when no answer was seen recently, and fails without a probe', async () => {
    const activity = createActivityTracker(() => 100_000);
    activity.mark(1_000);
    let probes = 0;
    const withProbe = rpcRecentCheck(activity, 5_000, async () => void (probes += 1), () => 100_000);
    expect(await withProbe.run()).toEqual({ ok: true, detail: 'answered a probe just now' });
    expect(probes).toBe(1);
    const stale = createActivityTracker();
    stale.mark(1_000);
    expect((await rpcRecentCheck(stale, 5_000, undefined, () => 100_000).run()).ok).toBe(false);
    expect(await rpcRecentCheck(createActivityTracker(), 5_000).run()).toEqual({ ok: false, detail: 'no answer yet' });
  });

  it('needs at least one worker and every worker running', async () => {
    expect(await workersCheck(() => []).run()).toEqual({ ok: false, detail: 'no workers started' });
    const list = [{ name: 'observe', isRunning: () => true }, { name: 'execute', isRunning: () => false }];
    expect(await workersCheck(() => list).run()).toEqual({ ok: false, detail: 'not running: execute' });
  });
});
