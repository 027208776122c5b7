import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/backtest/apply.ts';
import type { Book } from '../../../src/backtest/book.ts';
import type { MarketStep } from '../../../src/backtest/market.ts';
import type { Plan, WithdrawAction, DepositLrtAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';

const E = 10n ** 18n;
const GWEI = 10n ** 9n;
const SPEC: PositionSpec = { id: 'a', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 } }, riskTier: 1 };
const MARKET: MarketStep = {
  index: 3,
  timestamp: 1_700_000_000,
  baseFeeGwei: 10,
  baseFeeWei: 10n * GWEI,
  lrt: { weETH: { rate: 1.05, rateWad: 105n * E / 100n, dexDiscountBps: 0, dex: { token: 1_000n * E, weth: 1_050n * E } } },
  avsAprBps: {},
  rewardPools: {},
  events: [],
};
const ctx = { specs: [SPEC], market: MARKET, priorityFeeWei: 1n * GWEI, rewardTokenByAddress: new Map<string, string>() };

function book(): Book {
  return { idleWei: 10n * E, holdings: { a: { liquidLrt: 50n * E, depositShares: 0n, withdrawableLrt: 0n } }, queued: [], rewards: {}, slashes: [], nextId: 1 };
}

function plan(actions: Plan['actions']): Plan {
  return { kind: 'rebalance', reason: 't', actions, totals: { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n }, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {}, inputs: {} as Plan['inputs'] };
}

const sell = (route: 'dex' | 'instant', minOutWei: bigint): WithdrawAction => ({ kind: 'withdraw', positionId: 'a', route, amountLrt: 10n * E, fairValueWei: 0n, expectedOutWei: 0n, minOutWei, costWei: 0n, slippageBps: 0, delaySeconds: 0, gas: 220_000, why: '' });

describe('applyPlan', () => {
  it('sells on the DEX with V2 math, moves the pool, pays gas at base fee + tip', () => {
    const r = applyPlan(book(), plan([sell('dex', 0n), sell('dex', 0n)]), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 10 LRT into 1000/1050: 10·9970·1050 / (1000·10000 + 10·9970) = 10.364…; second sale sees the moved pool.
    const first = (10n * E * 9970n * 1050n * E) / (1000n * E * 10_000n + 10n * E * 9970n);
    const second = (10n * E * 9970n * (1050n * E - first)) / (1010n * E * 10_000n + 10n * E * 9970n);
    expect(r.trades.map((t) => t.outWei)).toEqual([first, second]);
    expect(r.gasUnits).toBe(21_000 + 2 * 220_000);
    expect(r.gasWei).toBe(461_000n * 11n * GWEI);
    expect(r.book.idleWei).toBe(10n * E + first + second - 461_000n * 11n * GWEI);
    expect(r.book.holdings.a?.liquidLrt).toBe(30n * E);
    expect(r.trades[0]?.fairWei).toBe(105n * E / 10n);
  });

  it('takes the instant fee and counts it as a fee', () => {
    const r = applyPlan(book(), plan([sell('instant', 0n)]), ctx);
    expect(r.ok && r.feesWei).toBe((105n * E / 10n) * 30n / 10_000n);
  });

  it('refuses a reward stream claim: scenarios model no LRT reward streams', () => {
    const claim: Plan['actions'][number] = {
      kind: 'claim-stream', stream: 'etherfi-avs', distributor: '0x00000000000000000000000000000000000000d2', token: '0x00000000000000000000000000000000000000d1', symbol: 'KING',
      cumulativeAmount: 5n * E, root: `0x${'ab'.repeat(32)}`, proof: [], payout: 5n * E, gas: 120_000, why: '',
    };
    const r = applyPlan(book(), plan([sell('dex', 0n), claim]), ctx);
    expect(r).toEqual({ ok: false, reason: 'claim-stream: reward streams are not modelled in backtest scenarios (etherfi-avs)' });
  });

  it('reverts the whole bundle when a min-out fails, leaving the book as it was', () => {
    const before = book();
    const r = applyPlan(before, plan([sell('instant', 0n), sell('dex', 11n * E)]), ctx);
    expect(r.ok).toBe(false);
    expect(before.holdings.a?.liquidLrt).toBe(50n * E);
    expect(before.idleWei).toBe(10n * E);
  });

  it('mints at the protocol rate', () => {
    const deposit: DepositLrtAction = { kind: 'deposit-lrt', positionId: 'a', amountWei: 21n * E / 10n, expectedLrt: 2n * E, minLrt: 2n * E, gas: 200_000, why: '' };
    const r = applyPlan(book(), plan([deposit]), ctx);
    expect(r.ok && r.book.holdings.a?.liquidLrt).toBe(52n * E);
    expect(r.ok && r.book.idleWei).toBe(10n * E - 21n * E / 10n - 221_000n * 11n * GWEI);
  });
});
