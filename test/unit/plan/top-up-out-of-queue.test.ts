/**
 * An idle top-up when the plan already queues most of the LRT it would sell: a protocol cap
 * repair queued weETH down to a remainder smaller than the buffer's shortfall, so no sale of now
 * fitted beside it and the buffer stayed short until the queue paid (a tight-config 50,000 ETH
 * market, 300 bps short for five days). The top-up now comes out of the queued sale itself.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { PositionObservation, Snapshot } from '../../../src/domain/snapshot.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 10 000 ETH vault (1 bp = 1 ETH): 200 ETH idle against a 500 bps minimum (300 short), ether.fi at
// 3800 bps (600 liquid weETH, 3200 restaked) against a 3500 bps protocol cap.
const limits: RiskLimits = { ...LIMITS, maxWeightPerProtocolBps: 3500, maxWeightPerOperatorBps: 5000, minIdleBps: 500, capMarginBps: 25, maxSlippageBpsPerSwap: 60 };
// weETH leaves through its 5-day queue (4 bps of yield at 3 %) or its instant exit (30 bps); ezETH only queues.
const we: PositionSpec = { ...WEETH, exits: { instant: { feeBps: 30 }, queued: { delaySeconds: 5 * 86_400 } } };
const ez: PositionSpec = { ...EZETH, exits: { queued: { delaySeconds: 7 * 86_400 } } };
const restaked = observation('weETH-restaked', 3200n, { liquidBalance: 0n, eigen: { depositShares: 3200n * E, withdrawableShares: 3200n * E, withdrawableUnderlying: 3200n * E } });
/** A position with no pool: its exits are the protocol's own. */
const poolless = (id: string, eth: bigint, extra: Partial<PositionObservation> = {}): PositionObservation => {
  const { dex: _dex, ...rest } = observation(id, eth, extra);
  return rest;
};
const book = (): Snapshot => snapshot(200n, [poolless('weETH', 600n, { instantLiquidity: 3_000n * E }), restaked, poolless('ezETH', 6000n)], { delegatedTo: OPERATOR });
/** What the keeper decides for a vault that holds (weETH at 3.0 %, restaked at 4.0 %, ezETH at 3.6 %). */
const decideHold = (snap: Snapshot, specs: readonly PositionSpec[], withLimits: RiskLimits) =>
  decide({
    snapshot: snap,
    specs,
    estimates: [estimate('weETH', 0.03), estimate('weETH-restaked', 0.04), estimate('ezETH', 0.036)],
    limits: withLimits,
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: hold,
    params: {},
    plannerOptions: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: 0n },
  });
const decideWith = () => decideHold(book(), [we, WEETH_RESTAKED, ez], limits);
const idleAfter = (d: ReturnType<typeof decideWith>): bigint =>
  200n * E + d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.route !== 'queued').reduce((s, a) => s + a.expectedOutWei, 0n) - d.plan.totals.gasCostWei;

describe('idle top-up out of a queued sale of the same LRT', () => {
  it('sells weETH on its instant route for the buffer, not all of it through the queue', () => {
    const d = decideWith();
    expect(d.plan.kind).toBe('rebalance');
    const weSales = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.positionId === 'weETH');
    expect(weSales.some((a) => a.route === 'instant')).toBe(true);
    // The buffer is whole after the bundle: 500 ETH, at least.
    expect(idleAfter(d)).toBeGreaterThanOrEqual(500n * E);
    // weETH sold in all what the floor asks (ether.fi back inside its cap), no more than it holds.
    const sold = weSales.reduce((s, a) => s + a.fairValueWei, 0n);
    expect(sold).toBeGreaterThanOrEqual(325n * E);
    expect(sold).toBeLessThanOrEqual(600n * E);
  });
});

describe('idle top-up that no sale of now covers', () => {
  // 10 000 ETH vault, 200 ETH idle against 500 (325 short with the margin): ezETH only queues,
  // and weETH's instant exit takes all its 290 ETH, less than the shortfall.
  const wide: RiskLimits = { ...limits, maxWeightPerPositionBps: 10_000, maxWeightPerProtocolBps: 10_000 };
  const snap = snapshot(200n, [poolless('weETH', 290n, { instantLiquidity: 3_000n * E }), poolless('ezETH', 9510n)]);
  const d = decideHold(snap, [we, ez], wide);

  it('sells what fits now, so the buffer is short by less while the queue runs', () => {
    const now = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.route !== 'queued');
    expect(now.map((a) => [a.positionId, a.route])).toEqual([['weETH', 'instant']]);
    expect(now[0]!.fairValueWei).toBeGreaterThanOrEqual(289n * E);
    expect(now[0]!.slippageBps).toBeLessThanOrEqual(60);
    // The rest of the top-up waits in ezETH's queue.
    expect(d.plan.actions.some((a) => a.kind === 'withdraw' && a.positionId === 'ezETH' && a.route === 'queued')).toBe(true);
  });
});
