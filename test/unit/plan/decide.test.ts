import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { hold } from '../../../strategies/hold.ts';
import { defineStrategy } from '../../../strategies/types.ts';
import { z } from 'zod';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { E, LIMITS, NOW, REWARD, estimate, observation, snapshot } from '../domain/fixtures.ts';

const A: PositionSpec = { id: 'lrtA', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const B: PositionSpec = { id: 'lrtB', symbol: 'ezETH', protocol: 'renzo', token: '0x00000000000000000000000000000000000000e2', exits: { dex: { feeBps: 30 } }, riskTier: 1 };

/**
 * The cost-blind LP optimum of these fixtures (lrtB at its 60 % cap, lrtA the rest of the 95 %
 * budget): risk-adjusted-yield is cost-aware and no longer asks for moves that do not pay, so
 * the review's refusals are exercised with these fixed targets.
 */
const costBlind = defineStrategy({ name: 'fixed', description: 'fixed targets', paramsSchema: z.object({}), decide: () => ({ weights: { lrtB: 6000, lrtA: 3500 }, rationale: [] }) });

function input(idle: bigint, a: bigint, b: bigint, extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    snapshot: snapshot(idle, [observation('lrtA', a), observation('lrtB', b)]),
    specs: [A, B],
    estimates: [estimate('lrtA', 0.03), estimate('lrtB', 0.036)],
    limits: LIMITS,
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: costBlind,
    params: {},
    plannerOptions: DEFAULT_PLANNER_OPTIONS,
    ...extra,
  };
}

describe('decide', () => {
  it('refuses a 0.6 % yield pick-up that a 0.6 % round trip does not pay for, and says why', () => {
    // Strategy wants lrtB at its 60 % cap and lrtA 35 %; selling 25 ETH of lrtA on the DEX
    // costs ~0.15 ETH, the gain is 25 × 0.6 % = 0.15 ETH a year.
    const d = decide(input(10n, 60n, 30n));
    expect(d.targets.weights).toEqual({ lrtB: 6000, lrtA: 3500 });
    expect(d.plan.kind).toBe('hold');
    expect(d.plan.reason).toMatch(/^rebalance refused: MIN_NET_GAIN/);
    expect(d.verdict.refused).toBe(true);
    expect(d.verdict.findings.map((f) => f.code)).toEqual(['MIN_NET_GAIN']);
    expect(d.plan.inputs.targetWeights).toEqual({ lrtB: 6000, lrtA: 3500 });
  });

  it('invests idle asset when the gain pays for the costs', () => {
    const d = decide(input(60n, 40n, 0n));
    expect(d.plan.kind).toBe('rebalance');
    // lrtA 40 % → 35 %: 5 ETH sold on the DEX; lrtB 0 → 60 %: 55 ETH idle above the 5 % buffer
    // plus the sale's proceeds, just short of 60 ETH.
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['withdraw', 'deposit-lrt']);
    expect(d.plan.actions[0]).toMatchObject({ amountLrt: 5n * E, route: 'dex' });
    expect(d.plan.actions[1]).toMatchObject({ kind: 'deposit-lrt', positionId: 'lrtB' });
    expect(d.verdict.findings).toEqual([]);
    expect(d.verdict.turnoverBps).toBe(6500);
    expect(d.plan.breakEvenDays).toBeLessThan(10);
  });

  it('refuses a borderline mix of idle investment and DEX sale as a whole', () => {
    // 15 ETH of lrtA sold: 30-day gain 0.140 ETH <= 2 × cost 0.0717 ETH (the deposit a little
    // smaller than before gas was reserved from idle).
    const d = decide(input(50n, 50n, 0n));
    expect(d.plan.reason).toBe('rebalance refused: MIN_NET_GAIN (gain over 30 days 0.140336 ETH <= cost 0.071742 ETH × 2)');
  });

  it('holds with compounding only, and keeps claims when a rebalance is refused', () => {
    const rewards = [{ token: REWARD, decimals: 18, claimable: 1000n * E, cumulativeEarned: 1000n * E, dex: { token: 1_000_000n * E, weth: 1000n * E } }];
    const base = input(10n, 60n, 30n);
    const d = decide({ ...base, snapshot: { ...base.snapshot, rewards }, strategy: hold, params: {} });
    expect(d.plan.kind).toBe('compound');
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['claim-rewards', 'swap-reward']);
    const refused = decide({ ...base, snapshot: { ...base.snapshot, rewards } });
    expect(refused.plan.kind).toBe('compound');
    expect(refused.plan.reason).toMatch(/MIN_NET_GAIN.*compounding only/);
  });

  it('risk-adjusted-yield does not ask for the switch that does not pay, and invests idle asset', () => {
    const params = riskAdjustedYield.paramsSchema.parse({});
    // lrtA stays (selling it on the DEX does not pay); the idle above the 5 % buffer (less
    // 3 bps headroom) goes to lrtB by minting, no sale.
    const still = decide({ ...input(10n, 60n, 30n), strategy: riskAdjustedYield, params });
    expect(still.targets.weights).toEqual({ lrtA: 6000, lrtB: 3497 });
    expect(still.plan.actions.map((a) => a.kind)).toEqual(['deposit-lrt']);
    const invest = decide({ ...input(60n, 40n, 0n), strategy: riskAdjustedYield, params });
    expect(invest.plan.kind).toBe('rebalance');
    expect(invest.plan.actions.map((a) => a.kind)).toEqual(['deposit-lrt']);
    expect(invest.targets.weights.lrtA).toBe(4000);
  });

  it('is a plain hold when targets equal the current weights', () => {
    const d = decide({ ...input(10n, 60n, 30n), strategy: hold, params: {} });
    expect(d.plan.kind).toBe('hold');
    expect(d.plan.actions).toEqual([]);
    expect(d.plan.reason).toMatch(/equal the current/);
  });

  describe('a compound through a base-fee spike', () => {
    // A protocol withdrawal of 5 ETH due an hour ago; hold's targets are the current weights.
    const due = (baseFeeGwei: bigint) =>
      input(10n, 50n, 40n, {
        strategy: hold,
        snapshot: snapshot(10n, [observation('lrtA', 50n), observation('lrtB', 40n)], {
          baseFeeWei: baseFeeGwei * 1_000_000_000n,
          queuedWithdrawals: [{ id: 'q1', positionId: 'lrtA', kind: 'protocol', amountWei: 5n * E, completableAt: NOW - 3600 }],
        }),
      });

    it('completes the due withdrawal at 100 gwei, the limit', () => {
      const d = decide(due(100n));
      expect(d.plan.kind).toBe('compound');
      expect(d.plan.actions.map((a) => a.kind)).toEqual(['complete-withdrawal']);
    });

    it('holds at 158 gwei and says why: the executor sends nothing unforced above risk.maxBaseFeeGwei', () => {
      const d = decide(due(158n));
      expect(d.plan.kind).toBe('hold');
      expect(d.plan.actions).toEqual([]);
      expect(d.plan.totals.gasCostWei).toBe(0n);
      expect(d.plan.reason).toMatch(/waits: base fee 158\.00 gwei > 100 gwei/);
    });
  });
});
