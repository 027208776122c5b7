/**
 * A depeg exit that no pool can take (withdrawals paused, the sale far over the slippage limit)
 * is left as it is; the other forced moves must still be made. The engine had counted the
 * exit's proceeds as cash, so its floor held no idle top-up, and pinning the stuck position
 * back left the buffer short block after block (a probe's stETH-2022-like discount: 10 breach
 * steps in every run).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// 10 000 ETH vault (1 bp = 1 ETH): weETH 6 512 ETH on a deep pool; rsETH-like 3 300 ETH whose
// only route is a 3 000 / 2 910 pool, 3 % under its rate (a depeg) and far too shallow; idle
// 188 ETH, 12 bps short of the 200 bps minimum.
const rs: PositionSpec = { ...EZETH, id: 'rsETH', symbol: 'rsETH', protocol: 'kelp', exits: { dex: { feeBps: 5 } } };
const we: PositionSpec = { ...WEETH, exits: { dex: { feeBps: 5 } } };
const limits: RiskLimits = {
  ...LIMITS,
  maxWeightPerPositionBps: 7000,
  maxWeightPerProtocolBps: 7000,
  minIdleBps: 200,
  capMarginBps: 25,
  maxSlippageBpsPerSwap: 60,
  maxSlippageBpsPerRebalance: 50,
  depeg: { thresholdBps: 200, exit: true },
};
const snap = snapshot(188n, [observation('weETH', 6512n, { dex: { token: 40_000n * E, weth: 40_000n * E } }), observation('rsETH', 3300n, { dex: { token: 3_000n * E, weth: 2_910n * E } })], {
  baseFeeWei: 10_000_000_000n,
});

describe('a depeg exit no pool can take', () => {
  it('is left as it is, and the idle top-up it would have made needless is made from weETH', () => {
    const d = decide({
      snapshot: snap,
      specs: [we, rs],
      estimates: [estimate('weETH', 0.03), estimate('rsETH', 0.03)],
      limits,
      context: { now: NOW, turnoverUsedTodayBps: 0, depegSince: { rsETH: NOW - 3_600 } },
      strategy: hold,
      params: {},
      plannerOptions: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: 0n },
    });
    expect(d.plan.kind).toBe('rebalance');
    const sales = d.plan.actions.filter((a): a is WithdrawAction => a.kind === 'withdraw');
    expect(sales.map((a) => a.positionId)).toEqual(['weETH']);
    // 12 bps short plus the 25 bps margin: 37 ETH of weETH.
    expect(Number(sales[0]!.fairValueWei / E)).toBe(37);
    expect(d.plan.reason).toMatch(/left as they are for now: SLIPPAGE_SWAP \(rsETH/);
  });
});
