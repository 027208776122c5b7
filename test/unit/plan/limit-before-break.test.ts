/**
 * A vault that sits at its idle minimum while the base fee stays over its limit makes no
 * voluntary trade to restore the margin its plans keep, so the first drift under the 1 bp of
 * rounding would leave the buffer broken for the whole repair wait (12 h) before the repair
 * paid the spike's price anyway. After 12 h at its limit through the spike it is topped up
 * before it breaks, by a sale of now: a queued sale raises no idle.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 10 000 ETH vault (1 bp = 1 ETH): 4900 ETH each of weETH and ezETH, 199.9 ETH idle, 300 gwei.
const limits: RiskLimits = { ...LIMITS, maxWeightPerPositionBps: 5000, maxWeightPerProtocolBps: 5000, minIdleBps: 200, capMarginBps: 25, maxBaseFeeGwei: 50 };
const snap = snapshot(0n, [observation('weETH', 4900n, { dex: { token: 40_000n * E, weth: 40_000n * E } }), observation('ezETH', 4900n, { dex: { token: 40_000n * E, weth: 40_000n * E } })], {
  baseFeeWei: 300_000_000_000n,
  idleWei: 1_999n * 10n ** 17n,
});
const decideAt = (capBrokenSince: Record<string, number>) =>
  decide({
    snapshot: snap,
    specs: [WEETH, EZETH],
    estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)],
    limits,
    context: { now: NOW, turnoverUsedTodayBps: 0, capBrokenSince },
    strategy: hold,
    params: {},
    plannerOptions: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: 0n },
  });

describe('idle buffer at its minimum through a lasting spike', () => {
  it('waits the first 12 h: nothing is sent at 300 gwei', () => {
    expect(decideAt({ 'IDLE_BUFFER:all': NOW - 3_600 }).plan.kind).not.toBe('rebalance');
  });

  it('after 12 h sells weETH on its pool, not through its 7-day queue, and leaves the buffer above 200 ETH after gas', () => {
    const d = decideAt({ 'IDLE_BUFFER:all': NOW - 43_200 });
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.forced).toBe(true);
    const sales = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw');
    const now = sales.filter((a) => a.route !== 'queued');
    expect(now.length).toBeGreaterThan(0);
    const idleAfter = 1_999n * 10n ** 17n + now.reduce((s, a) => s + a.expectedOutWei, 0n) - d.plan.totals.gasCostWei;
    // The 200 ETH minimum plus the 25 bps margin, less rounding: at least 220 ETH.
    expect(idleAfter).toBeGreaterThan(220n * E);
  });
});
