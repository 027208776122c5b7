/**
 * The backtest's bundle model for a restake of held LRT: the tokens leave the liquid
 * position named by fromPositionId and become deposit shares of the restaked one; no trade,
 * no fee, only gas.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/backtest/apply.ts';
import type { Book } from '../../../src/backtest/book.ts';
import type { MarketStep } from '../../../src/backtest/market.ts';
import type { EigenDepositAction, Plan } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';

const E = 10n ** 18n;
const GWEI = 10n ** 9n;
const LIQUID: PositionSpec = { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const RESTAKED: PositionSpec = { ...LIQUID, id: 'weETH-restaked', eigen: { strategy: '0x00000000000000000000000000000000000000c1', operator: '0x00000000000000000000000000000000000000f1', operatorSets: [] }, riskTier: 2 };
const MARKET: MarketStep = {
  index: 3, timestamp: 1_700_000_000, baseFeeGwei: 10, baseFeeWei: 10n * GWEI,
  lrt: { weETH: { rate: 1.05, rateWad: (105n * E) / 100n, dexDiscountBps: 0, dex: { token: 1_000n * E, weth: 1_050n * E } } },
  avsAprBps: {}, rewardPools: {}, events: [],
};
const ctx = { specs: [LIQUID, RESTAKED], market: MARKET, priorityFeeWei: 0n, rewardTokenByAddress: new Map<string, string>() };

function book(): Book {
  return {
    idleWei: 1n * E,
    holdings: { weETH: { liquidLrt: 30n * E, depositShares: 0n, withdrawableLrt: 0n }, 'weETH-restaked': { liquidLrt: 0n, depositShares: 10n * E, withdrawableLrt: 10n * E } },
    queued: [], rewards: {}, slashes: [], nextId: 1, delegatedTo: '0x00000000000000000000000000000000000000f1',
  };
}

function plan(actions: Plan['actions']): Plan {
  return { kind: 'rebalance', reason: 't', actions, totals: { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n }, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {}, inputs: {} as Plan['inputs'] };
}

const restake = (amountLrt: bigint): EigenDepositAction => ({ kind: 'eigen-deposit', positionId: 'weETH-restaked', strategy: RESTAKED.eigen!.strategy, amountLrt, fromPositionId: 'weETH', gas: 200_000, why: '' });

describe('applyPlan: restake of held LRT', () => {
  it('moves 20 weETH from the liquid holding into EigenLayer, with no trade and gas only', () => {
    const r = applyPlan(book(), plan([restake(20n * E)]), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.book.holdings.weETH).toEqual({ liquidLrt: 10n * E, depositShares: 0n, withdrawableLrt: 0n });
    expect(r.book.holdings['weETH-restaked']).toEqual({ liquidLrt: 0n, depositShares: 30n * E, withdrawableLrt: 30n * E });
    expect(r.trades).toEqual([]);
    expect(r.feesWei).toBe(0n);
    expect(r.gasWei).toBe(221_000n * 10n * GWEI);
    expect(r.book.idleWei).toBe(1n * E - 221_000n * 10n * GWEI);
  });

  it('reverts when the liquid holding has less than the restake', () => {
    const r = applyPlan(book(), plan([restake(31n * E)]), ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('eigen-deposit: weETH-restaked: not enough LRT to restake');
  });
});
