/**
 * Every entry takes the cheaper route (issue 10, item 2): re-entering ezETH by minting at the
 * protocol rate while its pool traded ~1.5% under it lost value; the planner now buys on the
 * pool when that pays more LRT after the pool fee and price impact, and mints otherwise.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/planner.ts';
import { entryActions } from '../../../src/plan/entry.ts';
import type { DepositLrtAction } from '../../../src/domain/plan.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import { subtractBps } from '../../../src/domain/units.ts';
import { E, EZETH, LIMITS, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// Protocol rate 1.0; the pool sells ezETH at 0.985 WETH (1.5% under the rate), 10 000 ezETH deep.
const discounted = observation('ezETH', 0n, { liquidBalance: 0n, dex: { token: 10_000n * E, weth: 9_850n * E } });

/** The single action of an entry that takes one route. */
function entry(...args: Parameters<typeof entryActions>): DepositLrtAction {
  const actions = entryActions(...args);
  expect(actions).toHaveLength(1);
  return actions[0] as DepositLrtAction;
}
const GWEI_10 = 10_000_000_000n;

describe('entry route', () => {
  it('buys 10 ETH of ezETH on the pool when it is 1.5% under the protocol rate', () => {
    const a = entry(EZETH, discounted, 10n * E, 60, GWEI_10);
    expect(a.route).toBe('dex');
    // The 10 ezETH a mint of 10 WETH makes, for less: c·0.997·10 000 / (9 850 + 0.997·c) = 10
    // gives c = 98 500 / 9 960.03 = 9.8895 WETH; the 0.11 WETH saved stays as cash.
    expect(Number(a.amountWei) / 1e18).toBeCloseTo(9.889528, 5);
    expect(a.expectedLrt).toBeGreaterThanOrEqual(10n * E);
    expect(a.expectedLrt - 10n * E).toBeLessThan(10n ** 11n);
    // 60 bps under the quote, above a mint of the same 9.8895 WETH.
    expect(a.minLrt).toBe(subtractBps(a.expectedLrt, 60));
    expect(a.minLrt).toBeGreaterThan(a.amountWei);
    expect(a.why).toBe('ezETH: buy ezETH on the DEX, 1.12 % more ezETH than minting at the protocol rate (the discount stays as cash)');
  });

  it('mints when the pool is at the rate (its fee makes it dearer), and never accepts less than a mint from the pool', () => {
    const atRate = entry(EZETH, observation('ezETH', 0n), 10n * E, 60, GWEI_10);
    expect(atRate.route).toBeUndefined();
    expect(atRate.expectedLrt).toBe(10n * E);
    // Pool 0.4 % under the rate: the buy beats a mint by ~0.1 %, so its floor is the mint, not 60 bps below the buy.
    // (At 100 gwei a second transaction to mint past the pool's fill point would cost more than it adds.)
    const slight = entry(EZETH, observation('ezETH', 0n, { dex: { token: 10_000n * E, weth: 9_960n * E } }), 10n * E, 60, 10n * GWEI_10);
    expect(slight.route).toBe('dex');
    // 10 ezETH for 99 600 / 9 960.03 = 9.99997 WETH; the floor is a mint of that cash.
    expect(Number(slight.amountWei) / 1e18).toBeCloseTo(9.99997, 5);
    expect(slight.minLrt).toBe(slight.amountWei);
  });

  it('the planner enters ezETH through the pool in a rebalance', () => {
    const snap = snapshot(50n, [observation('weETH', 50n), discounted]);
    const plan = buildPlan({
      current: allocationFromSnapshot(snap),
      approved: { weETH: 5000, ezETH: 2000 },
      snapshot: snap,
      specs: [WEETH, EZETH],
      estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.04)],
      limits: LIMITS,
      options: { dustWei: 10n ** 15n, priorityFeeWei: 0n },
      explain: { targetWeights: {}, findings: [], rationale: [] },
    });
    const buy = plan.actions.find((a) => a.kind === 'deposit-lrt');
    expect(buy).toMatchObject({ kind: 'deposit-lrt', route: 'dex', positionId: 'ezETH' });
    // The 20 ezETH the approved 2000 bps ask for, for 197 000 / 9 950.06 = 19.7989 WETH: ezETH lands on 2000 bps.
    expect(buy?.kind === 'deposit-lrt' ? Number(buy.amountWei) / 1e18 : 0).toBeCloseTo(19.79887, 4);
    expect(buy?.kind === 'deposit-lrt' ? buy.expectedLrt : 0n).toBeGreaterThanOrEqual(20n * E);
    expect(plan.resultingWeights['ezETH']).toBe(2000);
  });
});
