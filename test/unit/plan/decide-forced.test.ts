/**
 * Forced vs voluntary moves in one decision. Reproduces the devnet case where `keeper execute`
 * on the eoa book (30 ETH of ezETH + 10 WETH, ezETH over its 50 % cap) let a rebalance with a
 * NEGATIVE expected gain (−187018587612830273 wei/year) through risk review: the cap repair
 * made the verdict `mandatory`, and the review then skipped the net-gain test for the whole
 * plan, voluntary moves included. Numbers are the devnet's at that block.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decide, type DecisionInput } from '../../../src/plan/decide.ts';
import { buildPlan } from '../../../src/plan/planner.ts';
import { reviewPlan } from '../../../src/risk/plan-review.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { PositionObservation, Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { defineStrategy } from '../../../strategies/types.ts';
import { E, NOW, estimate } from '../domain/fixtures.ts';

/** config/devnet.yaml's risk section over the schema defaults. */
const DEVNET_LIMITS: RiskLimits = {
  maxWeightPerPositionBps: 5000,
  maxWeightPerProtocolBps: 5000,
  maxWeightPerOperatorBps: 5000,
  maxWeightPerAvsBps: 5000,
  minIdleBps: 200,
  maxTurnoverPerDayBps: 5000,
  maxSlippageBpsPerSwap: 60,
  maxSlippageBpsPerRebalance: 50,
  depeg: { thresholdBps: 200, exit: true },
  staleAfterSeconds: 120,
  maxBaseFeeGwei: 200,
  slashing: { freezeDeposits: true, exit: false },
  minNetGain: { horizonDays: 30, safetyMultiple: 2 },
  maxRateJumpBps: 100,
};

const WEETH: PositionSpec = {
  id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1',
  exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 }, queued: { delaySeconds: 86_400 } }, riskTier: 1,
};
const EZETH: PositionSpec = {
  id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: '0x00000000000000000000000000000000000000e2',
  exits: { dex: { feeBps: 30 }, instant: { feeBps: 50 }, queued: { delaySeconds: 604_800 } }, riskTier: 2,
};
const RSWETH: PositionSpec = {
  id: 'rswETH', symbol: 'rswETH', protocol: 'swell', token: '0x00000000000000000000000000000000000000e5',
  exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 1_036_800 } }, riskTier: 3,
};

function empty(positionId: string, rateWad: bigint): PositionObservation {
  return { positionId, rateWad, dex: { token: 5_000n * E, weth: 5_000n * rateWad }, liquidBalance: 0n, valueWei: 0n };
}

/** 28.846… ezETH at Renzo's rate 1.04, in a pool at that rate; 10 WETH idle; 8 gwei base fee. */
function devnetBook(ezEthPool: { token: bigint; weth: bigint } = { token: 4_807_692_307_692_307_692_307n, weth: 5_000n * E }): Snapshot {
  return {
    chainId: 31_337, block: 160, timestamp: NOW, baseFeeWei: 8_000_000_000n, holder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    idleWei: 10n * E,
    positions: [
      empty('weETH', 1_070_000_000_000_000_000n),
      { positionId: 'ezETH', rateWad: 1_040_000_056_565_745_850n, dex: ezEthPool, liquidBalance: 28_846_153_846_153_846_153n, valueWei: 30_000_001_631_704_207_210n },
      empty('rswETH', 1_070_000_000_000_000_000n),
    ],
    queuedWithdrawals: [], rewards: [], slashing: [], observedAt: NOW,
  };
}

function devnetInput(snapshot: Snapshot = devnetBook(), extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    snapshot,
    specs: [WEETH, EZETH, RSWETH],
    estimates: [estimate('weETH', 0.032), estimate('ezETH', 0.029), estimate('rswETH', 0.033)],
    limits: DEVNET_LIMITS,
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: riskAdjustedYield,
    params: riskAdjustedYield.paramsSchema.parse({ tierPenalty: [0, 0.001, 0.0025, 0.005, 0.01], idleApy: 0 }),
    plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 2_000_000_000n },
    ...extra,
  };
}

/** A strategy that asks for fixed weights, to make a purely voluntary move. */
const fixed = (weights: Record<string, number>) =>
  defineStrategy({ name: 'fixed', description: 'test', paramsSchema: z.strictObject({}), decide: () => ({ weights, rationale: ['fixed'] }) });

describe('decide: forced moves proceed, voluntary ones must pay', () => {
  it('repairs a cap within the rounding over its limit only when a bundle goes anyway', () => {
    // ezETH holds 20.002 ETH of 40: 5000.5 bps of its 5000 bps cap, within the 1 bp of rounding.
    const book = devnetBook();
    const rate = 1_040_000_056_565_745_850n;
    const ezEth = 20_002n * 10n ** 15n;
    const snapshot: Snapshot = {
      ...book,
      idleWei: 40n * E - ezEth,
      positions: book.positions.map((p) => (p.positionId === 'ezETH' ? { ...p, valueWei: ezEth, liquidBalance: (ezEth * E) / rate } : p)),
    };
    // Nothing else to do: nothing is sold for half a bp.
    const idle = decide(devnetInput(snapshot, { strategy: fixed({ ezETH: 5000 }), params: {} }));
    expect(idle.plan.kind).toBe('hold');
    // A voluntary buy of weETH goes: its bundle, whose gas raises every weight, takes ezETH back under the cap.
    const buying = decide(devnetInput(snapshot, { strategy: fixed({ ezETH: 5000, weETH: 4500 }), params: {} }));
    expect(buying.plan.kind).toBe('rebalance');
    expect(buying.verdict.forcedBy.map((f) => f.code)).toEqual(['CAP_POSITION']);
    expect(buying.plan.actions.some((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toBe(true);
    expect(buying.plan.resultingWeights['ezETH']).toBeLessThanOrEqual(4999);
    expect(buying.plan.actions.some((a) => a.kind === 'deposit-lrt' && a.positionId === 'weETH')).toBe(true);
  });

  it('reproduces the devnet case: the mixed plan loses yield, and review used to wave it through as forced', () => {
    const input = devnetInput();
    const current = allocationFromSnapshot(input.snapshot);
    expect(current.weights).toEqual({ weETH: 0, ezETH: 7500, rswETH: 0 });
    const verdict = assessTargets({ targets: { weETH: 5000, rswETH: 4800 }, current, snapshot: input.snapshot, estimates: input.estimates, specs: input.specs, limits: DEVNET_LIMITS, context: input.context });
    expect(verdict.mandatory).toBe(true);
    expect(verdict.floor).toEqual({ weETH: 0, ezETH: 5000, rswETH: 0 });
    expect(verdict.forcedBy.map((f) => `${f.code} ${f.positionId}`)).toEqual(['CAP_POSITION ezETH']);
    // The turnover budget stops a third of the way: ezETH 7500 → 3311 (2500 forced, 1689 voluntary).
    expect(verdict.approved).toEqual({ weETH: 1688, ezETH: 3311, rswETH: 1620 });

    const base = { current, snapshot: input.snapshot, specs: input.specs, estimates: input.estimates, limits: DEVNET_LIMITS, options: input.plannerOptions, explain: { targetWeights: {}, findings: [], rationale: [] } };
    const mixed = buildPlan({ ...base, approved: verdict.approved });
    const forcedOnly = buildPlan({ ...base, approved: verdict.floor });
    // Queued Renzo exit of 16.1 ezETH (earns nothing for 7 days, a cost) against 9.2 idle WETH
    // invested now and 4.0 ETH of the queue's proceeds invested when it pays out.
    expect(mixed.actions.map((a) => a.kind)).toEqual(['withdraw', 'deposit-lrt', 'deposit-lrt']);
    expect(mixed.actions[0]).toMatchObject({ route: 'queued', amountLrt: 16_111_538_634_697_831_289n });
    expect(mixed.expectedYearlyGainWei).toBe(-56_020_014_115_057_244n);
    expect(forcedOnly.expectedYearlyGainWei).toBe(-290_000_023_659_711_004n);
    // The bug: with the whole plan treated as forced, nothing checks the gain.
    expect(reviewPlan(mixed, DEVNET_LIMITS, true).refused).toBe(false);
    // The fix: only the moves beyond the forced ones are judged: +0.234 ETH/year, 0.0192 ETH over
    // 30 days, passes 2 × its 0.0083 ETH cost but not 3 ×.
    expect(reviewPlan(mixed, DEVNET_LIMITS, forcedOnly).refused).toBe(false);
    const review = reviewPlan(mixed, { ...DEVNET_LIMITS, minNetGain: { horizonDays: 30, safetyMultiple: 3 } }, forcedOnly);
    expect(review.refused).toBe(true);
    expect(review.findings.map((f) => f.code)).toEqual(['MIN_NET_GAIN']);
    expect(review.findings[0]?.message).toMatch(/^moves beyond the forced ones: gain over 30 days 0\.019\d+ ETH <= cost 0\.008\d+ ETH × 3$/);
  });

  it('risk-adjusted-yield repairs the cap and invests the idle WETH where it pays', () => {
    const d = decide(devnetInput());
    // The strategy starts from the repaired allocation: no further ezETH sale (2.9 % → 3.2 %
    // does not pay a 7-day queue twice over in 30 days); idle WETH and the queue's proceeds to weETH.
    expect(d.targets.weights).toEqual({ weETH: 4797, ezETH: 5000, rswETH: 0 });
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['withdraw', 'deposit-lrt']);
    expect(d.plan.actions[0]).toMatchObject({ kind: 'withdraw', positionId: 'ezETH', route: 'queued', amountLrt: 9_615_384_876_875_660_010n });
    expect(d.plan.reason).toMatch(/^forced by CAP_POSITION ezETH \(no net-gain test\), plus voluntary moves that pay: /);
  });

  it('plans only the cap repair, and says it is forced and why the rest was refused', () => {
    // The cost-blind targets of the devnet case, under a stricter 3× safety multiple.
    const limits = { ...DEVNET_LIMITS, minNetGain: { horizonDays: 30, safetyMultiple: 3 } };
    const d = decide(devnetInput(devnetBook(), { strategy: fixed({ weETH: 5000, rswETH: 4800 }), params: {}, limits }));
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions).toHaveLength(1);
    // 10 ETH of ezETH (25 % of the 40 ETH book) through Renzo's queue: back to the 50 % cap.
    expect(d.plan.actions[0]).toMatchObject({ kind: 'withdraw', positionId: 'ezETH', route: 'queued', amountLrt: 9_615_384_876_875_660_010n });
    expect(d.plan.resultingWeights).toEqual({ weETH: 0, ezETH: 5000, rswETH: 0 });
    expect(d.plan.expectedYearlyGainWei).toBe(-290_000_023_659_711_004n);
    expect(d.plan.reason).toMatch(/^forced by CAP_POSITION ezETH \(no net-gain test\): move \d+\.\d{4} ETH for -0\.2900 ETH\/year/);
    // Forced only: execution sends it through a base-fee spike (Plan.forced).
    expect(d.plan.forced).toBe(true);
    expect(d.plan.reason).toMatch(/moves beyond them refused: MIN_NET_GAIN \(moves beyond the forced ones: gain over 30 days/);
    expect(d.verdict.refused).toBe(false);
    expect(d.verdict.approved).toEqual({ weETH: 0, ezETH: 5000, rswETH: 0 });
    expect(d.verdict.turnoverBps).toBe(0);
    expect(d.verdict.findings.map((f) => `${f.code}:${f.action}`)).toEqual(['CAP_POSITION:clamped', 'TURNOVER:clamped', 'MIN_NET_GAIN:refused']);
  });

  it('keeps voluntary moves that pay on top of a forced one, and still says the plan is forced', () => {
    // 75 ETH of ezETH (60 %) and 50 WETH idle: the cap forces 12.5 ETH out; investing the idle
    // WETH in weETH (40 %) is voluntary and pays many times its gas.
    const book = devnetBook();
    const snapshot = { ...book, idleWei: 50n * E, positions: book.positions.map((p) => (p.positionId === 'ezETH' ? { ...p, liquidBalance: 72_115_384_615_384_615_384n, valueWei: 75_000_004_079_260_518_025n } : p)) };
    const d = decide(devnetInput(snapshot, { strategy: fixed({ ezETH: 5000, weETH: 4000 }), params: {} }));
    expect(d.verdict.floor).toEqual({ weETH: 0, ezETH: 5000, rswETH: 0 });
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['withdraw', 'deposit-lrt']);
    expect(d.plan.reason).toMatch(/^forced by CAP_POSITION ezETH \(no net-gain test\), plus voluntary moves that pay: /);
    expect(d.verdict.findings.some((f) => f.code === 'MIN_NET_GAIN')).toBe(false);
    // Voluntary moves ride along: a spike at send time holds it back like any rebalance.
    expect(d.plan.forced).toBeUndefined();
  });

  it('refuses a purely voluntary rebalance whose expected gain is negative, even at a tiny cost', () => {
    // 40 % ezETH within every cap; a strategy that wants it all idle loses 0.029 × 16 ETH a year.
    const snapshot = { ...devnetBook(), idleWei: 24n * E, positions: devnetBook().positions.map((p) => (p.positionId === 'ezETH' ? { ...p, liquidBalance: 15_384_615_384_615_384_615n, valueWei: 16_000_000_870_242_243_838n } : p)) };
    const d = decide(devnetInput(snapshot, { strategy: fixed({}), params: {} }));
    expect(d.plan.kind).toBe('hold');
    expect(d.verdict.mandatory).toBe(false);
    expect(d.plan.reason).toMatch(/^rebalance refused: MIN_NET_GAIN \(expected gain -\d+\.\d{4} ETH\/year is not positive\)$/);
  });

  it('lets a depeg exit through with a negative gain, labelled as forced', () => {
    // ezETH trades 5 % under its rate (limit 2 %), depeg.exit: leave it whatever it earns.
    const depegged = devnetBook({ token: 5_000n * E, weth: 4_940_000_000_000_000_000_000n });
    const d = decide(devnetInput(depegged, { strategy: fixed({ ezETH: 5000 }), params: {} }));
    expect(d.verdict.forcedBy.map((f) => `${f.code}:${f.action}`)).toEqual(['DEPEG:exit']);
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.expectedYearlyGainWei < 0n).toBe(true);
    expect(d.plan.reason).toMatch(/^forced by DEPEG ezETH \(no net-gain test\): /);
    expect(d.plan.resultingWeights.ezETH).toBe(0);
  });
});

/**
 * The devnet e2e case: a slash shrinks the restaked position, which pushes a liquid position
 * over its cap; repairing the cap means a DEX sale through a pool too thin for the per-swap
 * slippage limit (the vault backend has no queued LRT exits). The slashing exit must still go
 * ahead; the cap repair waits.
 */
describe('decide: a forced move the market cannot take does not hold back the others', () => {
  const OPERATOR = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';
  const EZETH_RESTAKED: PositionSpec = {
    ...EZETH,
    id: 'ezETH-restaked',
    riskTier: 3,
    eigen: { strategy: '0x00000000000000000000000000000000000000f2', operator: OPERATOR, operatorSets: [{ avs: '0x00000000000000000000000000000000000000a1', id: 1, rewardToken: '0x00000000000000000000000000000000000000b1' }] },
  };
  const RATE_EZ = 1_040_000_000_000_000_000n;
  const RATE_SW = 1_070_000_000_000_000_000n;
  const slashedBook: Snapshot = {
    chainId: 31_337, block: 332, timestamp: NOW, baseFeeWei: 50_000_000n, holder: '0x00000000000000000000000000000000000000aa',
    idleWei: 20n * E, delegatedTo: OPERATOR,
    positions: [
      // 380 ezETH left after the slash (20 % of 475), restaked with the slashed operator.
      { positionId: 'ezETH-restaked', rateWad: RATE_EZ, dex: { token: 5_000n * E, weth: 5_200n * E }, liquidBalance: 0n, eigen: { depositShares: 475n * E, withdrawableShares: 380n * E, withdrawableUnderlying: 380n * E }, valueWei: 395_200_000_000_000_000_000n },
      // 448 rswETH = 479.36 ETH: 53.6 % of the shrunken vault, over the 50 % cap; its pool holds only 2,000 rswETH.
      { positionId: 'rswETH', rateWad: RATE_SW, dex: { token: 2_000n * E, weth: 2_140n * E }, liquidBalance: 448n * E, valueWei: 479_360_000_000_000_000_000n },
    ],
    queuedWithdrawals: [], rewards: [], observedAt: NOW,
    slashing: [{ operator: OPERATOR, avs: '0x00000000000000000000000000000000000000a1', operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000f2'], wadSlashed: [200_000_000_000_000_000n], block: 332 }],
  };
  const slashedInput = (): DecisionInput => ({
    snapshot: slashedBook,
    specs: [EZETH_RESTAKED, RSWETH],
    estimates: [estimate('ezETH-restaked', 0.05), estimate('rswETH', 0.033)],
    limits: { ...DEVNET_LIMITS, slashing: { freezeDeposits: true, exit: true }, maxTurnoverPerDayBps: 10_000 },
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: fixed({ 'ezETH-restaked': 0, rswETH: 5000 }),
    params: {},
    plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 10_000_000n, lrtQueuedExits: false },
  });

  it('queues the slashing exit and leaves the unsellable cap repair for later, saying so', () => {
    const d = decide(slashedInput());
    expect(d.verdict.forcedBy.map((f) => `${f.code} ${f.positionId}`).sort()).toEqual(['CAP_POSITION rswETH', 'SLASHED_OPERATOR ezETH-restaked']);
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.map((a) => `${a.kind} ${'positionId' in a ? a.positionId : ''}`)).toEqual(['eigen-queue-withdrawal ezETH-restaked']);
    expect(d.plan.actions[0]).toMatchObject({ depositShares: 475n * E });
    expect(d.plan.reason).toMatch(/^forced by .*SLASHED_OPERATOR ezETH-restaked.*left as they are for now: SLIPPAGE_SWAP \(rswETH dex exit loses \d+(\.\d+)? bps > 60 bps\)$/);
    expect(d.plan.forced).toBe(true);
    expect(d.verdict.refused).toBe(false);
  });

  it('used to refuse everything: the forced-only plan alone is refused by the review', () => {
    const input = slashedInput();
    const current = allocationFromSnapshot(input.snapshot);
    const verdict = assessTargets({ targets: { 'ezETH-restaked': 0, rswETH: 5000 }, current, snapshot: input.snapshot, estimates: input.estimates, specs: input.specs, limits: input.limits, context: input.context });
    const base = { current, snapshot: input.snapshot, specs: input.specs, estimates: input.estimates, limits: input.limits, options: input.plannerOptions, explain: { targetWeights: {}, findings: [], rationale: [] } };
    const forcedOnly = buildPlan({ ...base, approved: verdict.floor });
    const review = reviewPlan(forcedOnly, input.limits, true);
    expect(review.refused).toBe(true);
    expect(review.findings.map((f) => `${f.code} ${f.positionId}`)).toEqual(['SLIPPAGE_SWAP rswETH']);
  });
});

/**
 * A position worth less than 1 bp reads 0 bps, equal to its exit target of 0, so weights alone
 * never move it. The devnet e2e left 0.08 ETH restaked with a slashed operator that way.
 */
describe('decide: breaker exits of sub-basis-point remnants', () => {
  const OPERATOR = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';
  const RSETH_RESTAKED: PositionSpec = {
    id: 'rsETH-restaked', symbol: 'rsETH', protocol: 'kelp', token: '0x00000000000000000000000000000000000000e3', riskTier: 3,
    exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 691_200 } },
    eigen: { strategy: '0x00000000000000000000000000000000000000f3', operator: OPERATOR, operatorSets: [{ avs: '0x00000000000000000000000000000000000000a1', id: 1, rewardToken: '0x00000000000000000000000000000000000000b1' }] },
  };
  const book = (remnantWei: bigint): Snapshot => ({
    chainId: 31_337, block: 340, timestamp: NOW, baseFeeWei: 50_000_000n, holder: '0x00000000000000000000000000000000000000aa',
    idleWei: 20n * E, delegatedTo: OPERATOR,
    positions: [
      { positionId: 'rsETH-restaked', rateWad: 1_050_000_000_000_000_000n, dex: { token: 5_000n * E, weth: 5_250n * E }, liquidBalance: 0n, eigen: { depositShares: remnantWei, withdrawableShares: remnantWei, withdrawableUnderlying: remnantWei }, valueWei: (remnantWei * 105n) / 100n },
      { positionId: 'rswETH', rateWad: 1_070_000_000_000_000_000n, dex: { token: 5_000n * E, weth: 5_350n * E }, liquidBalance: 915n * E, valueWei: 979_050_000_000_000_000_000n },
    ],
    queuedWithdrawals: [], rewards: [], observedAt: NOW,
    slashing: [{ operator: OPERATOR, avs: '0x00000000000000000000000000000000000000a1', operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000f3'], wadSlashed: [200_000_000_000_000_000n], block: 332 }],
  });
  const remnantInput = (remnantWei: bigint): DecisionInput => ({
    snapshot: book(remnantWei),
    specs: [RSETH_RESTAKED, RSWETH],
    estimates: [estimate('rsETH-restaked', 0.05), estimate('rswETH', 0.033)],
    limits: { ...DEVNET_LIMITS, maxWeightPerPositionBps: 10_000, maxWeightPerProtocolBps: 10_000, slashing: { freezeDeposits: true, exit: true } },
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: fixed({ rswETH: 9799 }),
    params: {},
    plannerOptions: { dustWei: 10n ** 15n, priorityFeeWei: 10_000_000n },
  });

  it('queues the whole 0.08 ETH remnant out, as a forced move', () => {
    const d = decide(remnantInput(76_190_476_190_476_190n));
    expect(d.current.weights['rsETH-restaked']).toBe(0);
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.actions.map((a) => `${a.kind} ${'positionId' in a ? a.positionId : ''}`)).toEqual(['eigen-queue-withdrawal rsETH-restaked']);
    expect(d.plan.actions[0]).toMatchObject({ depositShares: 76_190_476_190_476_190n });
    expect(d.plan.reason).toMatch(/^forced by SLASHED_OPERATOR rsETH-restaked \(no net-gain test\)/);
  });

  it('leaves a remnant below dust alone', () => {
    const d = decide(remnantInput(900_000_000_000_000n));
    expect(d.plan.actions).toEqual([]);
  });
});

describe('decide: the gas of a bundle that goes is paid from the vault and raises every weight', () => {
  /**
   * 40 ETH: ezETH 19.9988 ETH (4999.7 bps of its 5000 bps cap, inside it), weETH 19.2112 ETH,
   * 0.79 ETH idle (under the 0.8 ETH buffer) at 150 gwei. The idle top-up sells weETH (the
   * lowest yield); its 241,000 gas at 152 gwei (0.0366 ETH) shrinks the total, which carried
   * ezETH to 5004.3 bps, past the cap and its 1 bp of rounding. (Seen on a random 50 ETH market:
   * a top-up at 97 gwei took a protocol group from 3999.7 to 4001.6 bps.)
   */
  function topUpAtHighGas(): DecisionInput {
    const weEthRate = 1_070_000_000_000_000_000n;
    const ezEthRate = 1_040_000_056_565_745_850n;
    const ezEth = 19_998_800_000_000_000_000n;
    const weEth = 19_211_200_000_000_000_000n;
    const book = devnetBook();
    const snapshot: Snapshot = {
      ...book,
      baseFeeWei: 150_000_000_000n,
      idleWei: 790_000_000_000_000_000n,
      positions: [
        { positionId: 'weETH', rateWad: weEthRate, dex: { token: 5_000n * E, weth: 5_350n * E }, liquidBalance: (weEth * E) / weEthRate, valueWei: weEth },
        { positionId: 'ezETH', rateWad: ezEthRate, dex: { token: 5_000n * E, weth: 5_200n * E }, liquidBalance: (ezEth * E) / ezEthRate, valueWei: ezEth },
        empty('rswETH', 1_070_000_000_000_000_000n),
      ],
    };
    return devnetInput(snapshot, {
      strategy: fixed({ weETH: 4802, ezETH: 4999 }),
      params: {},
      estimates: [estimate('weETH', 0.029), estimate('ezETH', 0.032), estimate('rswETH', 0.033)],
    });
  }

  /** ezETH's exact weight once the plan's sales of it and its gas are paid, bps. */
  function ezEthAfter(d: ReturnType<typeof decide>, input: DecisionInput): number {
    const held = input.snapshot.positions.find((p) => p.positionId === 'ezETH')?.valueWei ?? 0n;
    const sold = d.plan.actions.reduce((s, a) => s + (a.kind === 'withdraw' && a.positionId === 'ezETH' ? a.fairValueWei : 0n), 0n);
    const total = d.current.totalWei - d.plan.totals.gasCostWei;
    return Number(((held - sold) * 100_000_000n) / total) / 10_000;
  }

  it('repairs a cap group the forced bundle\'s own gas would carry past its cap', () => {
    const input = topUpAtHighGas();
    const d = decide(input);
    expect(d.plan.kind).toBe('rebalance');
    // Sold enough ezETH that the bundle's gas leaves it within the cap and its rounding.
    expect(d.plan.actions.some((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toBe(true);
    expect(ezEthAfter(d, input)).toBeLessThanOrEqual(5001);
    // A repair, not a sell-off: the margin of a top-up sale at most.
    expect(ezEthAfter(d, input)).toBeGreaterThan(4900);
  });

  it('leaves the group alone when the bundle is cheap enough', () => {
    const input = topUpAtHighGas();
    const cheap = decide({ ...input, snapshot: { ...input.snapshot, baseFeeWei: 5_000_000_000n } });
    expect(cheap.plan.kind).toBe('rebalance');
    expect(cheap.plan.actions.some((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toBe(false);
    expect(ezEthAfter(cheap, { ...input, snapshot: { ...input.snapshot, baseFeeWei: 5_000_000_000n } })).toBeLessThanOrEqual(5001);
  });
});
