import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decide } from '../../../src/plan/decide.ts';
import { fittingSaleBps } from '../../../src/plan/fitting-sale.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { PositionObservation, Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { defineStrategy } from '../../../strategies/types.ts';
import { E, NOW, estimate } from '../domain/fixtures.ts';

/** pufETH's exits: a 5 bps pool and a 1-step withdrawal at 100 bps, no queue. */
const PUFETH: PositionSpec = {
  id: 'pufETH', symbol: 'pufETH', protocol: 'puffer', token: '0x00000000000000000000000000000000000000e4',
  exits: { dex: { feeBps: 5 }, instant: { feeBps: 100 } }, riskTier: 2,
};
const WEETH: PositionSpec = {
  id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1',
  exits: { dex: { feeBps: 5 }, instant: { feeBps: 30 }, queued: { delaySeconds: 432_000 } }, riskTier: 1,
};
const RESTAKED: PositionSpec = { ...WEETH, id: 'weETH-eigen', exits: { dex: { feeBps: 5 } }, riskTier: 2, eigen: { strategy: '0x00000000000000000000000000000000000000b1', operator: '0x00000000000000000000000000000000000000a1', operatorSets: [] } };

/** `eth` of an LRT at rate 1 on a pool of 10,000 ETH a side. */
function held(positionId: string, eth: bigint): PositionObservation {
  return { positionId, rateWad: E, dex: { token: 10_000n * E, weth: 10_000n * E }, liquidBalance: eth * E, valueWei: eth * E };
}

const CTX = { maxSlippageBpsPerSwap: 60, opportunityApy: 0.03 };

describe('fittingSaleBps: the part of a sale a pool takes within the per-swap limit', () => {
  it('finds the largest whole bps whose pool sale loses at most the limit', () => {
    // 50,000 ETH vault, a 10,000 ETH pool: 55 ETH (11 bps) loses 59.7 bps, 60 ETH (12 bps) 64.6 bps.
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 35, CTX)).toBe(11);
  });

  it('is all of a sale that fits, and nothing for a restaked position or a tiny limit', () => {
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 5, CTX)).toBe(5);
    expect(fittingSaleBps(RESTAKED, held('weETH-eigen', 20_040n), 50_000n * E, 35, CTX)).toBe(0);
    // A 5 bps fee alone is over a 4 bps limit: not even 1 bp fits.
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 35, { ...CTX, maxSlippageBpsPerSwap: 4 })).toBe(0);
  });

  it('asks for no more than the whole vault when the wanted share is beyond it (a shortfall on a vault of a few wei)', () => {
    // 1 wei of pufETH in a 1 wei vault: the planner's shortfall read 4.61e18 bps, and applyBps threw.
    const dust: PositionObservation = { ...held('pufETH', 0n), liquidBalance: 1n, valueWei: 1n };
    expect(() => fittingSaleBps(PUFETH, dust, 1n, 4.61e18, CTX)).not.toThrow();
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 4.61e18, CTX)).toBe(11);
  });
});

describe('fittingSaleBps sends no slice whose gas alone is more than the limit lets it lose', () => {
  // pufETH on a pool 24.9 bps under its rate: 10,000 pufETH against 9,975.1 ETH, 5 bps fee.
  const discounted = (eth: bigint): PositionObservation => ({ ...held('pufETH', eth), dex: { token: 10_000n * E, weth: 9_975_100_000_000_000_000_000n } });
  const tight = { ...CTX, maxSlippageBpsPerSwap: 30 };

  it('keeps a 50,000 ETH vault’s slice, whose gas is a fraction of a bp of it, with its slippage near the limit', () => {
    // 11 bps: 55 ETH loses 59.7 bps of a 60 bps limit; 0.002 ETH of gas is 0.36 bps more.
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 35, CTX, 2n * 10n ** 15n)).toBe(11);
  });

  it('sells nothing of a 50 ETH vault whose slice within 30 bps is a few hundredths of an ETH and the gas 0.0013 ETH', () => {
    // Without gas a slice fits (29.9 bps and a little impact) ...
    const slice = fittingSaleBps(PUFETH, discounted(16n), 50n * E, 300, tight);
    // 22 bps of 50 ETH: 0.11 ETH.
    expect(slice).toBe(22);
    // ... with it, the gas alone is 118 bps of it.
    expect(fittingSaleBps(PUFETH, discounted(16n), 50n * E, 300, tight, 1_300_000_000_000_000n)).toBe(0);
  });

  it('judges the gas at the size that fits: gas of 60 bps of the 55 ETH slice is allowed under a 60 bps limit, 60.02 bps is not', () => {
    // 11 bps of 50,000 ETH is 55 ETH of pufETH at its rate; 60 bps of it is 0.33 ETH.
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 35, CTX, 330_000_000_000_000_000n)).toBe(11);
    expect(fittingSaleBps(PUFETH, held('pufETH', 20_040n), 50_000n * E, 35, CTX, 330_100_000_000_000_000n)).toBe(0);
  });
});

describe('decide: a forced repair too large for the pool goes a slice at a time', () => {
  const limits: RiskLimits = {
    maxWeightPerPositionBps: 4000, maxWeightPerProtocolBps: 4000, maxWeightPerOperatorBps: 5000, maxWeightPerAvsBps: 5000,
    minIdleBps: 200, maxTurnoverPerDayBps: 2000, maxSlippageBpsPerSwap: 60, maxSlippageBpsPerRebalance: 50,
    depeg: { thresholdBps: 200, exit: true }, staleAfterSeconds: 600, maxBaseFeeGwei: 50,
    slashing: { freezeDeposits: true, exit: false }, minNetGain: { horizonDays: 30, safetyMultiple: 2 }, maxRateJumpBps: 100, capMarginBps: 25,
  };
  // 50,000 ETH: pufETH 20,040 ETH (4008 bps of its 4000 bps cap, as a slashing elsewhere left it), weETH 28,960, 1,000 idle.
  const snapshot: Snapshot = {
    chainId: 31_337, block: 100, timestamp: NOW, baseFeeWei: 5_000_000_000n, holder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    idleWei: 1_000n * E,
    positions: [held('pufETH', 20_040n), { ...held('weETH', 28_960n), dex: { token: 40_000n * E, weth: 40_000n * E } }],
    queuedWithdrawals: [], rewards: [], slashing: [], observedAt: NOW,
  };
  const hold = defineStrategy({ name: 'hold-now', description: 'test', paramsSchema: z.strictObject({}), decide: (input) => ({ weights: { ...input.current.weights }, rationale: ['hold'] }) });

  it('sells the 11 bps the pool takes within 60 bps now, where the whole 33 bps repair was refused', () => {
    const d = decide({
      snapshot, specs: [PUFETH, WEETH], estimates: [estimate('pufETH', 0.03), estimate('weETH', 0.03)], limits,
      context: { now: NOW, turnoverUsedTodayBps: 0 }, strategy: hold, params: {},
      plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 1_000_000_000n },
    });
    expect(d.plan.kind).toBe('rebalance');
    const sales = d.plan.actions.filter((a) => a.kind === 'withdraw' && a.positionId === 'pufETH');
    expect(sales).toHaveLength(1);
    const sale = sales[0];
    expect(sale?.kind === 'withdraw' && sale.route).toBe('dex');
    expect(sale?.kind === 'withdraw' && sale.slippageBps).toBeLessThanOrEqual(60);
    // 11 bps of 50,000 ETH, at rate 1: 55 ETH.
    expect(sale?.kind === 'withdraw' ? Number(sale.fairValueWei) / 1e18 : 0).toBeCloseTo(55, 0);
    expect(d.plan.reason).toContain('left as they are for now');
  });

  it('sends no slice of a 50 ETH vault whose gas would be most of what each slice may lose', () => {
    // pufETH 21.5 of 50 ETH (4300 bps of 4000) on a pool 24.9 bps under its rate; a 30 bps limit.
    const small: Snapshot = {
      ...snapshot,
      idleWei: 2n * E,
      positions: [{ ...held('pufETH', 0n), liquidBalance: 21_500_000_000_000_000_000n, valueWei: 21_500_000_000_000_000_000n, dex: { token: 10_000n * E, weth: 9_975_100_000_000_000_000_000n } }, { ...held('weETH', 0n), liquidBalance: 26_500_000_000_000_000_000n, valueWei: 26_500_000_000_000_000_000n }],
    };
    const d = decide({
      snapshot: small, specs: [PUFETH, WEETH], estimates: [estimate('pufETH', 0.03), estimate('weETH', 0.03)], limits: { ...limits, maxSlippageBpsPerSwap: 30 },
      context: { now: NOW, turnoverUsedTodayBps: 0 }, strategy: hold, params: {},
      plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 1_000_000_000n },
    });
    expect(d.plan.actions.filter((a) => a.kind === 'withdraw' && a.positionId === 'pufETH')).toEqual([]);
    expect(d.plan.reason).toContain('SLIPPAGE_SWAP');
  });
});
