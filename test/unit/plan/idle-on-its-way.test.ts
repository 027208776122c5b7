/**
 * An idle buffer short of its minimum whose repair can only queue (no pool or instant exit fits
 * the per-swap limit) raises no idle now. Seen on a random 50,000 ETH market under a 20 bps
 * per-swap limit: every run queued 1,615 ETH every six hours until the first queue paid out,
 * 34,000 ETH for a 1,500 ETH shortfall. Once queued withdrawals will cover the shortfall, the
 * repair is under way and nothing more is queued for it; a repair that can sell now still does.
 */
import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../src/plan/decide.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, LIMITS as TEST_LIMITS, NOW, estimate } from '../domain/fixtures.ts';

/** The shared test limits with every cap open, a 200 bps idle minimum and a 20 bps per-swap limit. */
const LIMITS: RiskLimits = {
  ...TEST_LIMITS,
  maxWeightPerPositionBps: 10_000,
  maxWeightPerProtocolBps: 10_000,
  minIdleBps: 200,
  capMarginBps: 25,
  maxTurnoverPerDayBps: 2000,
  maxSlippageBpsPerSwap: 20,
  maxSlippageBpsPerRebalance: 50,
};

/** ezETH at rate 1: a 7-day queue, and a pool whose 5 bps fee and 30 bps discount miss the 20 bps limit. */
const EZETH: PositionSpec = {
  id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: '0x00000000000000000000000000000000000000e2',
  exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 7 * 86_400 } }, riskTier: 2,
};

/** 100 ETH: 1.5 ETH idle (150 bps, 50 under the minimum), `queued` ETH already in Renzo's queue, the rest ezETH. */
function book(queued: bigint, pool = { token: 10_000n * E, weth: 9_970n * E }): Snapshot {
  const ezEth = 100n * E - 15n * 10n ** 17n - queued;
  return {
    chainId: 1, block: 1, timestamp: NOW, baseFeeWei: 10_000_000_000n, holder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    idleWei: 15n * 10n ** 17n,
    positions: [{ positionId: 'ezETH', rateWad: E, dex: pool, liquidBalance: ezEth, valueWei: ezEth }],
    queuedWithdrawals: queued > 0n ? [{ id: 'q1', positionId: 'ezETH', kind: 'protocol', amountWei: queued, completableAt: NOW + 3 * 86_400 }] : [],
    rewards: [], slashing: [], observedAt: NOW,
  };
}

function input(snapshot: Snapshot): DecisionInput {
  return {
    snapshot,
    specs: [EZETH],
    estimates: [estimate('ezETH', 0.03)],
    limits: LIMITS,
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: hold,
    params: hold.paramsSchema.parse({}),
    plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 10n ** 9n },
  };
}

const sales = (d: ReturnType<typeof decide>) => d.plan.actions.filter((a) => a.kind === 'withdraw').map((a) => (a.kind === 'withdraw' ? `${a.route} ${Number(a.fairValueWei) / 1e18}` : ''));

describe('an idle repair that can only queue', () => {
  it('queues the shortfall and the margin once', () => {
    const d = decide(input(book(0n)));
    expect(d.plan.forced).toBe(true);
    // 75 bps of 100 ETH: 50 short plus the 25 bps margin, through the 7-day queue.
    expect(sales(d)).toEqual(['queued 0.75']);
  });

  it('queues nothing more while the queued 0.75 ETH will cover the shortfall', () => {
    const d = decide(input(book(75n * 10n ** 16n)));
    expect(d.plan.kind).toBe('hold');
    expect(sales(d)).toEqual([]);
    expect(d.verdict.mandatory).toBe(false);
  });

  it('queues again what the queue will not cover: 0.2 ETH on its way leaves 30 bps short', () => {
    const d = decide(input(book(2n * 10n ** 17n)));
    // 30 bps short plus the margin: 0.55 ETH.
    expect(sales(d)).toEqual(['queued 0.55']);
  });

  it('queues nothing more either when the sale of now it picked is refused and the rest only queues', () => {
    // rsETH earns least, so the engine picks it for the top-up, but its pool trades 150 bps under
    // its rate: the review refuses that sale and the top-up falls to ezETH, which only queues.
    const RSETH: PositionSpec = { id: 'rsETH', symbol: 'rsETH', protocol: 'kelp', token: '0x00000000000000000000000000000000000000e3', exits: { dex: { feeBps: 5 } }, riskTier: 2 };
    const base = book(75n * 10n ** 16n);
    const snapshot: Snapshot = {
      ...base,
      positions: [
        { ...base.positions[0]!, liquidBalance: 47_750n * 10n ** 15n, valueWei: 47_750n * 10n ** 15n },
        { positionId: 'rsETH', rateWad: E, dex: { token: 10_000n * E, weth: 9_850n * E }, liquidBalance: 50n * E, valueWei: 50n * E },
      ],
    };
    const d = decide({ ...input(snapshot), specs: [EZETH, RSETH], estimates: [estimate('ezETH', 0.03), estimate('rsETH', 0.02)] });
    expect(sales(d)).toEqual([]);
  });

  it('still sells now when a sale of now fits the limit, whatever is on its way', () => {
    // The pool at par: its 5 bps fee fits the 20 bps limit, and the buffer is topped up now.
    const d = decide(input(book(75n * 10n ** 16n, { token: 10_000n * E, weth: 10_000n * E })));
    expect(d.plan.forced).toBe(true);
    expect(sales(d).some((s) => s.startsWith('dex'))).toBe(true);
  });
});
