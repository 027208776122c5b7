import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/backtest/apply.ts';
import { buildSnapshot, type Book } from '../../../src/backtest/book.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import { ScenarioInvalidError, parseScenario } from '../../../src/backtest/scenario-load.ts';
import { scenarioSpecs, specsAt } from '../../../src/backtest/specs.ts';
import type { CompleteWithdrawalAction, Plan, WithdrawAction } from '../../../src/domain/plan.ts';
import { tinyScenario } from './fixtures.ts';

const E = 10n ** 18n;
const DAY = 86_400;

/** Tiny scenario where weETH has an instant exit and a 7-day queue. */
function queued(): ReturnType<typeof tinyScenario> {
  const raw = tinyScenario();
  raw.steps = 8;
  raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { instant: { feeBps: 30 }, queued: { delaySeconds: 7 * DAY } } };
  return raw;
}

async function problems(raw: unknown): Promise<string[]> {
  try {
    await parseScenario(raw);
  } catch (err) {
    if (err instanceof ScenarioInvalidError) return err.details as string[];
    throw err;
  }
  return [];
}

function plan(actions: Plan['actions']): Plan {
  return { kind: 'rebalance', reason: 't', actions, totals: { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n }, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {}, inputs: {} as Plan['inputs'] };
}

const withdraw = (route: 'instant' | 'queued'): WithdrawAction => ({ kind: 'withdraw', positionId: 'a', route, amountLrt: 10n * E, fairValueWei: 0n, expectedOutWei: 0n, minOutWei: 0n, costWei: 0n, slippageBps: 0, delaySeconds: 7 * DAY, gas: 220_000, why: '' });

function book(): Book {
  return { idleWei: 10n * E, holdings: { a: { liquidLrt: 50n * E, depositShares: 0n, withdrawableLrt: 0n }, b: { liquidLrt: 0n, depositShares: 0n, withdrawableLrt: 0n } }, queued: [], rewards: {}, slashes: [], nextId: 1 };
}

describe('time-varying exit conditions', () => {
  it('validates the columns and the pause event', async () => {
    const raw = queued();
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'weETH.queueDelayDays': 0, 'weETH.withdrawalsPaused': 2, 'ezETH.queueDelayDays': 3 }] };
    raw.events = [{ step: 1, kind: 'withdrawal-pause', symbol: 'rsETH', durationSteps: 2 }];
    const found = await problems(raw);
    expect(found).toContain('series.rows.0.weETH.queueDelayDays: a queue delay must be > 0 days, got 0');
    expect(found).toContain('series.rows.0.weETH.withdrawalsPaused: give 1 (paused) or 0 (open), got 2');
    // ezETH has no queue in the fixture: its delay is not a column.
    expect(found.some((p) => p.startsWith('series.rows.0.ezETH.queueDelayDays: unknown column'))).toBe(true);
    expect(found).toContain('events.0.symbol: no position holds rsETH');
  });

  it('interpolates the queue delay, holds the pause flag and overlays the pause event', async () => {
    const raw = queued();
    raw.series = {
      rows: [
        { step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'weETH.queueDelayDays': 7, 'weETH.withdrawalsPaused': 0, 'weETH.instantLiquidityEth': 40 },
        { step: 2, 'weETH.withdrawalsPaused': 1, 'weETH.instantLiquidityEth': 0 },
        { step: 3, 'weETH.withdrawalsPaused': 0 },
        { step: 4, 'weETH.queueDelayDays': 35, 'weETH.instantLiquidityEth': 20 },
      ],
    };
    raw.events = [{ step: 6, kind: 'withdrawal-pause', symbol: 'weETH', durationSteps: 1 }];
    const market = buildMarket(await parseScenario(raw));
    expect(market.map((m) => (m.lrt.weETH?.queueDelaySeconds ?? 0) / DAY)).toEqual([7, 14, 21, 28, 35, 35, 35, 35]);
    expect(market.map((m) => m.lrt.weETH?.withdrawalsPaused === true)).toEqual([false, false, true, false, false, false, true, false]);
    // Drained to 0 at step 2, refilled linearly to 20 by step 4; 0 while paused at step 6.
    expect(market.map((m) => Number((m.lrt.weETH?.instantLiquidityWei ?? -1n) / 10n ** 15n) / 1000)).toEqual([40, 20, 0, 10, 20, 20, 0, 20]);
    expect(market[0]?.lrt.ezETH?.queueDelaySeconds).toBeUndefined();
  });

  it('the keeper sees the queue of the moment, none while paused; a queued request waits the delay of its day', async () => {
    const raw = queued();
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'weETH.queueDelayDays': 7 }, { step: 2, 'weETH.queueDelayDays': 30, 'weETH.withdrawalsPaused': 1 }, { step: 3, 'weETH.withdrawalsPaused': 0 }] };
    const scenario = await parseScenario(raw);
    const market = buildMarket(scenario);
    const { specs } = scenarioSpecs(scenario.doc);
    expect(specsAt(specs, market[1]!)[0]?.exits.queued?.delaySeconds).toBe(18.5 * DAY);
    expect(specsAt(specs, market[2]!)[0]?.exits.queued).toBeUndefined();
    expect(specsAt(specs, market[3]!)[0]?.exits.queued?.delaySeconds).toBe(30 * DAY);

    const ctx = (s: number) => ({ specs: specsAt(specs, market[s]!), market: market[s]!, priorityFeeWei: 0n, rewardTokenByAddress: new Map<string, string>() });
    const atOne = applyPlan(book(), plan([withdraw('queued')]), ctx(1));
    expect(atOne.ok && atOne.book.queued[0]?.completableAt).toBe(market[1]!.timestamp + 18.5 * DAY);
    const paused = applyPlan(book(), plan([withdraw('queued')]), ctx(2));
    expect(paused).toEqual({ ok: false, reason: "withdraw: a: the protocol's withdrawals are paused" });
    expect(applyPlan(book(), plan([withdraw('instant')]), ctx(2)).ok).toBe(false);
  });

  it('a due request is not paid while the protocol is paused, and is once it reopens', async () => {
    const raw = queued();
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1 }] };
    raw.events = [{ step: 4, kind: 'withdrawal-pause', symbol: 'weETH', durationSteps: 2 }];
    const scenario = await parseScenario(raw);
    const market = buildMarket(scenario);
    const { specs } = scenarioSpecs(scenario.doc);
    const b = book();
    b.queued.push({ id: 'q1', positionId: 'a', kind: 'protocol', lrt: 0n, wei: 5n * E, completableAt: market[3]!.timestamp });
    const complete: CompleteWithdrawalAction = { kind: 'complete-withdrawal', withdrawalId: 'q1', positionId: 'a', expectedWei: 5n * E, gas: 100_000, why: '' };
    const snap = (s: number) => buildSnapshot(b, market[s]!, specs, scenario.doc).queuedWithdrawals[0]?.completableAt;
    expect(snap(4)).toBe(market[4]!.timestamp);
    expect(snap(6)).toBe(market[3]!.timestamp);
    const run = (s: number) => applyPlan(b, plan([complete]), { specs, market: market[s]!, priorityFeeWei: 0n, rewardTokenByAddress: new Map<string, string>() });
    expect(run(5).ok).toBe(false);
    const open = run(6);
    expect(open.ok && open.book.idleWei).toBe(open.ok && 15n * E - open.gasWei);
  });
});
