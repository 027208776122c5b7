/**
 * Forced depeg exits through a queue wait out a base-fee spike, and pay the bundle's gas from a
 * sound position (issue 10, item 3): a 50 ETH vault paid 0.07 ETH to queue an exit at 300 gwei
 * that cost 0.012 ETH eight hours later, and the gas took its idle buffer under the minimum.
 */
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../src/plan/decide.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// ezETH leaves through Renzo's 7-day queue (paid at the protocol rate) or a pool 6% under its rate.
const QUEUED_EZETH: PositionSpec = { ...EZETH, exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 7 * 86_400 } } };
const GWEI = 1_000_000_000n;

/** `scale` × (1 ETH idle, 34 ETH weETH, 15 ETH ezETH): idle exactly on its 200 bps minimum. */
const book = (scale: bigint, baseFeeGwei: bigint): Snapshot =>
  snapshot(scale, [observation('weETH', 34n * scale), observation('ezETH', 15n * scale, { dex: { token: 100_000n * E, weth: 94_000n * E } })], { baseFeeWei: baseFeeGwei * GWEI });

const input = (snap: Snapshot, depegSeenSecondsAgo: number): DecisionInput => ({
  snapshot: snap,
  specs: [WEETH, QUEUED_EZETH],
  estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.032)],
  limits: { ...LIMITS, maxWeightPerPositionBps: 7000, minIdleBps: 200, capMarginBps: 25, maxSlippageBpsPerSwap: 60, maxSlippageBpsPerRebalance: 50, maxBaseFeeGwei: 50, depeg: { thresholdBps: 200, exit: true, confirmSeconds: 600 } },
  context: { now: NOW, turnoverUsedTodayBps: 0, depegSince: { ezETH: NOW - depegSeenSecondsAgo } },
  strategy: hold,
  params: hold.paramsSchema.parse({}),
  plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: GWEI / 2n },
});

const idleAfter = (snap: Snapshot, d: ReturnType<typeof decide>): bigint => {
  let idle = snap.idleWei - d.plan.totals.gasCostWei;
  for (const a of d.plan.actions) if (a.kind === 'withdraw' && a.route !== 'queued') idle += a.expectedOutWei;
  return idle;
};

describe('a forced depeg exit through a queue during a base-fee spike', () => {
  it('waits at 300 gwei, one hour after the depeg was seen, and says what it saves', () => {
    const d = decide(input(book(1n, 300n), 3_600));
    expect(d.plan.kind).toBe('hold');
    expect(d.plan.actions).toEqual([]);
    expect(d.plan.reason).toMatch(/^forced exit of ezETH through its queue waits out the base fee \(300\.00 gwei > 50 gwei\)/);
    expect(d.plan.reason).toMatch(/saves 0\.\d{4} ETH of gas on 15\.0000 ETH/);
  });

  it('goes after 12 hours of waiting whatever the base fee', () => {
    const d = decide(input(book(1n, 300n), 600 + 43_200));
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.find((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toMatchObject({ route: 'queued' });
    // Its gas at 300 gwei takes the 1 ETH buffer of a 50 ETH vault more than 1 bp under: the top-up does not wait.
    expect(d.plan.actions.find((a) => a.kind === 'withdraw' && a.positionId === 'weETH')).toMatchObject({ route: 'dex' });
  });

  it('goes at once in a 50,000 ETH vault, where the gas saved is under 1 bp of the exit, without a top-up sale at 300 gwei', () => {
    const d = decide(input(book(1_000n, 300n), 3_600));
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.find((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toMatchObject({ route: 'queued' });
    // Its 0.07 ETH of gas takes idle 0.01 bps under the minimum: within rounding, not worth a 0.07 ETH sale.
    expect(d.plan.actions.filter((a) => a.kind === 'withdraw').map((a) => (a.kind === 'withdraw' ? a.positionId : ''))).toEqual(['ezETH']);
  });
});

describe('the idle buffer after a forced queued exit', () => {
  it('is topped up by one DEX sale of the sound weETH, to the minimum plus the 25 bps margin, not from the discounted ezETH pool', () => {
    const snap = book(1n, 40n);
    const d = decide(input(snap, 3_600));
    expect(d.plan.kind).toBe('rebalance');
    const sales = d.plan.actions.filter((a) => a.kind === 'withdraw').map((a) => (a.kind === 'withdraw' ? [a.positionId, a.route] : []));
    expect(sales).toEqual([
      ['ezETH', 'queued'],
      ['weETH', 'dex'],
    ]);
    // 50 ETH vault: 1 ETH minimum, 0.125 ETH margin; the sale also pays its own gas.
    const idle = idleAfter(snap, d);
    expect(idle).toBeGreaterThanOrEqual(E);
    expect(idle).toBeLessThan(E + 2n * 125n * 10n ** 15n);
  });
});
