import { describe, expect, it } from 'vitest';
import type { DecisionRecord, OutcomeRecord } from '../../../src/state/audit.ts';
import { plansRealised } from '../../../src/state/plan-realised.ts';
import { formatPlanRealised } from '../../../src/cli/commands/audit-plans.ts';

const WAD = 10n ** 18n;
const DAY = 86_400;

function decision(block: number, planId: string | undefined, totalWei: bigint): DecisionRecord {
  return {
    kind: 'decision', vault: 'main', at: Date.UTC(2026, 0, 1), source: 'observe', block,
    snapshot: { block, timestamp: 1_000 + block * 12, baseFeeWei: 10n ** 9n, idleWei: 0n, pendingWei: 0n, totalWei, positions: [{ id: 'weETH', rateWad: 1_050_000_000_000_000_000n, valueWei: totalWei }], claimableRewards: [], queuedWithdrawals: 0, slashingEvents: 0 },
    estimates: [{ positionId: 'weETH', lrtApy: 0.03, avsApr: 0, netApy: 0.03, samples: 10, stale: false }, { positionId: 'ezETH', lrtApy: 0.05, avsApr: 0, netApy: 0.05, samples: 10, stale: false }],
    plan: { ...(planId ? { id: planId } : {}), kind: 'rebalance', reason: 'move 10.0000 ETH for 0.0200 ETH/year', actions: [{}], totals: { movedWei: 10n * WAD }, expectedYearlyGainWei: 2n * 10n ** 16n, breakEvenDays: 20, resultingWeights: { weETH: 5_000, ezETH: 5_000 } },
    disposition: 'queued',
  };
}

const outcome: OutcomeRecord = {
  kind: 'outcome', vault: 'main', at: Date.UTC(2026, 0, 1, 0, 1), planId: 'p1', status: 'included', inclusionBlock: 102,
  receipts: [],
  expected: { yearlyGainWei: 2n * 10n ** 16n, totalCostWei: 15n * 10n ** 15n, gasCostWei: 4n * 10n ** 15n },
  realised: {
    gasCostWei: 4_596_966_000_000_000n,
    // Sold 5 weETH (at 1.05 → 5.25 ETH), spent 4.7 WETH, received 4.6 ezETH (no rate in the decision: not valued).
    balanceChecks: [
      { token: '0xwe', label: 'weETH', expected: -5n * WAD, floor: -5n * WAD, actual: -5n * WAD, ok: true },
      { token: '0xweth', label: 'WETH', expected: -47n * 10n ** 17n, floor: -47n * 10n ** 17n, actual: -47n * 10n ** 17n, ok: true },
      { token: '0xez', label: 'ezETH', expected: 46n * 10n ** 17n, floor: 45n * 10n ** 17n, actual: 46n * 10n ** 17n, ok: true },
      { token: '0xrs', label: 'rsETH', expected: -1n * WAD, floor: -1n * WAD, actual: -1n * WAD, ok: true },
    ],
    checksOk: true,
  },
};

describe('expected vs realised per plan', () => {
  it('values what left the book at the decision rates, the net change from the share price and the APY while the plan stood', () => {
    const samples = [
      { block: 100, timestamp: 0, priceWad: WAD },
      { block: 103, timestamp: 36, priceWad: 999_850_000_000_000_000n },
      { block: 200, timestamp: 2 * DAY + 36, priceWad: 1_000_050_000_000_000_000n },
    ];
    const [row] = plansRealised([outcome, decision(100, 'p1', 100n * WAD)], samples);
    expect(row?.expected).toEqual({ gasCostWei: 4n * 10n ** 15n, totalCostWei: 15n * 10n ** 15n, movedWei: 10n * WAD, yearlyGainWei: 2n * 10n ** 16n, netChangeWei: -11n * 10n ** 15n, apy: 0.04 });
    // 5 weETH × 1.05 + 4.7 WETH = 9.95 ETH; rsETH had no rate.
    expect(row?.realised.movedWei).toBe(995n * 10n ** 16n);
    expect(row?.realised.unvalued).toEqual(['rsETH']);
    // 100 ETH × (0.99985 − 1) = −0.015 ETH.
    expect(row?.realised.netChangeWei).toBe(-15n * 10n ** 15n);
    expect(row?.realised.netChangeFrom).toBe('share-price');
    // 1.0000500/0.99985 over 2 days, annualised.
    expect(row?.realised.apy).toBeCloseTo(Math.expm1(Math.log(1.00005 / 0.99985) * 365 / 2), 6);
    expect(row?.realised.apyDays).toBe(2);
  });

  it('falls back to the next decision\'s book value without share prices, and has no APY under a day', () => {
    const [row] = plansRealised([decision(110, undefined, 99_980_000_000_000_000_000n), outcome, decision(100, 'p1', 100n * WAD)], []);
    expect(row?.realised.netChangeWei).toBe(-20n * 10n ** 15n);
    expect(row?.realised.netChangeFrom).toBe('book');
    expect(row?.realised.apy).toBeUndefined();
  });

  it('reads in ETH and %, never in wei', () => {
    const [row] = plansRealised([decision(110, undefined, 99_980_000_000_000_000_000n), outcome, decision(100, 'p1', 100n * WAD)], []);
    const text = formatPlanRealised(row!);
    expect(text).toContain('plan p1  REBALANCE  included in block 102 (decided at block 100, 2026-01-01T00:00:00.000Z)');
    expect(text).toMatch(/value moved\s+10\.0000 ETH\s+9\.9500 ETH \(\+ rsETH not valued\)/);
    expect(text).toMatch(/net change \(gas aside\)\s+-0\.0110 ETH\s+-0\.0200 ETH \(book value\)/);
    expect(text).toMatch(/APY\s+4\.00%\s+n\/a \(under a day\)/);
    expect(text).not.toMatch(/\d{12,}/);
    // Rounded as the plan reasons are: 0.004596966 ETH of gas reads 0.0046, not 0.0045.
    expect(text).toMatch(/gas\s+0\.0040 ETH\s+0\.0046 ETH/);
  });
});
