/**
 * A vault whose idle drifts to its break while the base fee stays over its limit makes no
 * voluntary trade to restore the margin its plans keep, so the break would leave the buffer
 * broken for the whole repair wait (12 h) before the repair paid the spike's price anyway.
 * Timed from when it is within the wait's drift of the break, it is topped up as it breaks, by
 * a sale of now: a queued sale raises no idle.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 10 000 ETH vault (1 bp = 1 ETH): 4900 ETH each of weETH and ezETH, 199.01 ETH idle (0.03 bps above
// its 199 bps break, within a 12 h wait's drift), 60 gwei (over the 50 gwei limit).
const limits: RiskLimits = { ...LIMITS, maxWeightPerPositionBps: 5000, maxWeightPerProtocolBps: 5000, minIdleBps: 200, capMarginBps: 25, maxBaseFeeGwei: 50 };
const snap = snapshot(0n, [observation('weETH', 4900n, { dex: { token: 40_000n * E, weth: 40_000n * E } }), observation('ezETH', 4900n, { dex: { token: 40_000n * E, weth: 40_000n * E } })], {
  baseFeeWei: 60_000_000_000n,
  idleWei: 19_901n * 10n ** 16n,
});
/** What the keeper decides for a vault that holds (weETH at 3.0 %, ezETH at 3.6 %). */
const decideHold = (book: Snapshot, specs: readonly PositionSpec[] = [WEETH, EZETH], capBrokenSince: Record<string, number> = {}) =>
  decide({
    snapshot: book,
    specs,
    estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)],
    limits,
    context: { now: NOW, turnoverUsedTodayBps: 0, capBrokenSince },
    strategy: hold,
    params: {},
    plannerOptions: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: 0n },
  });
const decideAt = (capBrokenSince: Record<string, number>) => decideHold(snap, [WEETH, EZETH], capBrokenSince);

describe('idle buffer about to break through a lasting spike', () => {
  it('waits the first 12 h: nothing is sent at 60 gwei', () => {
    expect(decideAt({ 'IDLE_BUFFER:all': NOW - 3_600 }).plan.kind).not.toBe('rebalance');
  });

  it('after 12 h sells weETH on its pool, not through its 7-day queue, and leaves the buffer above 200 ETH after gas', () => {
    const d = decideAt({ 'IDLE_BUFFER:all': NOW - 43_200 });
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.forced).toBe(true);
    const sales = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw');
    const now = sales.filter((a) => a.route !== 'queued');
    expect(now.length).toBeGreaterThan(0);
    const idleAfter = 19_901n * 10n ** 16n + now.reduce((s, a) => s + a.expectedOutWei, 0n) - d.plan.totals.gasCostWei;
    // The 200 ETH minimum plus the 25 bps margin, less rounding: at least 220 ETH.
    expect(idleAfter).toBeGreaterThan(220n * E);
  });
});

describe('idle buffer about to break at an ordinary fee', () => {
  it('is topped up now, not left to break where a spike may meet it', () => {
    const d = decideHold({ ...snap, baseFeeWei: 10_000_000_000n });
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.reason.startsWith('forced by IDLE_BUFFER')).toBe(true);
    expect(d.verdict.floor).toEqual({ weETH: 4875, ezETH: 4900 });
    // Sales of now take idle from 199.01 ETH (0.01 bps above its break) well clear of it.
    const now = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.route !== 'queued');
    const idleAfter = 19_901n * 10n ** 16n + now.reduce((s, a) => s + a.expectedOutWei, 0n) - d.plan.totals.gasCostWei;
    expect(idleAfter).toBeGreaterThan(210n * E);
  });
});

describe('idle buffer about to break with only queues to sell', () => {
  // Neither LRT has a pool or an instant exit: a top-up can only queue, which raises no idle now.
  const we: PositionSpec = { ...WEETH, exits: { queued: { delaySeconds: 5 * 86_400 } } };
  const ez: PositionSpec = { ...EZETH, exits: { queued: { delaySeconds: 7 * 86_400 } } };
  const decideWith = (idleWei: bigint, queued: Snapshot['queuedWithdrawals']) =>
    decideHold(snapshot(0n, [observation('weETH', 4900n), observation('ezETH', 4900n)], { idleWei, queuedWithdrawals: queued }), [we, ez]);
  const queuedSales = (d: ReturnType<typeof decideWith>) => d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw' && a.route === 'queued');

  it('queues one sale for it', () => {
    expect(queuedSales(decideWith(19_901n * 10n ** 16n, [])).map((a) => a.positionId)).toEqual(['weETH']);
  });

  it('queues nothing more while that sale is on its way (else a sale every tick until one paid)', () => {
    // 30 ETH of ezETH queued, due in 3 days; 199.60 ETH idle of 10 029.6 is 199.01 bps, still 0.01 bps from its break.
    const onItsWay = [{ id: 'req-1', positionId: 'ezETH', kind: 'protocol' as const, amountWei: 30n * E, completableAt: NOW + 3 * 86_400 }];
    const d = decideWith(19_960n * 10n ** 16n, onItsWay);
    expect(queuedSales(d)).toEqual([]);
    expect(d.plan.kind).not.toBe('rebalance');
  });
});

describe('idle top-up on a pool too shallow for the margin', () => {
  // 10 000 ETH vault, idle 189 ETH (11 bps short of 200): the floor's sales take the queues,
  // which raise no idle; the top-up's sale of now to the
  // margin (11 + 25 bps, ≈ 36 ETH) costs 77 bps on ezETH's 5 000 ETH pool, over the 60 bps limit.
  const ez: PositionSpec = { ...EZETH, exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 7 * 86_400 } } };
  // weETH leaves through its queue only: no sale of now there.
  const we: PositionSpec = { ...WEETH, exits: { queued: { delaySeconds: 5 * 86_400 } } };
  const shallow = snapshot(189n, [observation('weETH', 4906n, { dex: { token: 40_000n * E, weth: 40_000n * E } }), observation('ezETH', 4905n, { dex: { token: 5_000n * E, weth: 5_000n * E } })], { baseFeeWei: 10_000_000_000n });
  const wide: RiskLimits = { ...limits, maxWeightPerPositionBps: 5000, maxWeightPerProtocolBps: 5000, maxSlippageBpsPerSwap: 60 };

  it('sells twice the shortfall on the pool instead (49 bps), so the buffer is whole after the bundle', () => {
    const d = decide({
      snapshot: shallow,
      specs: [we, ez],
      estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.02)],
      limits: wide,
      context: { now: NOW, turnoverUsedTodayBps: 0 },
      strategy: hold,
      params: {},
      plannerOptions: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: 0n },
    });
    const sales = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw');
    const now = sales.filter((a) => a.route === 'dex');
    expect(now.map((a) => a.positionId)).toEqual(['ezETH']);
    expect(now[0]!.slippageBps).toBeLessThanOrEqual(60);
    expect(now[0]!.fairValueWei).toBeGreaterThan(11n * E);
    expect(now[0]!.fairValueWei).toBeLessThan(36n * E);
    const idleAfter = 189n * E + now.reduce((s, a) => s + a.expectedOutWei, 0n) - d.plan.totals.gasCostWei;
    expect(idleAfter).toBeGreaterThan(199n * E);
  });
});
