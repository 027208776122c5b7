/**
 * Leaving an operator: a plan that queues the holder's last restaked shares and restakes
 * nothing undelegates (same shares, same delay), so the vault is free to restake with another
 * operator later; with restaked shares left anywhere, it only queues. The calldata is
 * DelegationManager.undelegate(holder), and the backtest book clears the delegation.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/backtest/apply.ts';
import type { Book } from '../../../src/backtest/book.ts';
import type { MarketStep } from '../../../src/backtest/market.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { Action, EigenQueueWithdrawalAction, Plan } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildCalls } from '../../../src/execution/build-calls.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';
import { buildPlan, DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { E, EZETH, LIMITS, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const OTHER: PositionSpec = { ...WEETH_RESTAKED, id: 'ezETH-restaked', symbol: 'ezETH', protocol: 'renzo', token: EZETH.token, eigen: { ...WEETH_RESTAKED.eigen!, strategy: '0x00000000000000000000000000000000000000c2' } };
const restaked = (id: string, eth: bigint) => observation(id, eth, { liquidBalance: 0n, eigen: { depositShares: eth * E, withdrawableShares: eth * E, withdrawableUnderlying: eth * E } });
const ESTIMATES = [estimate('weETH', 0.03), estimate('weETH-restaked', 0.02), estimate('ezETH', 0.035), estimate('ezETH-restaked', 0.04)];

function planFor(positions: ReturnType<typeof observation>[], specs: PositionSpec[], approved: Record<string, number>): Plan {
  const snap = snapshot(10n, positions, { delegatedTo: OPERATOR });
  return buildPlan({
    current: allocationFromSnapshot(snap), approved, snapshot: snap, specs, estimates: ESTIMATES, limits: LIMITS, options: DEFAULT_PLANNER_OPTIONS,
    explain: { targetWeights: approved, findings: [], rationale: [] },
  });
}

const queueOf = (plan: Plan): EigenQueueWithdrawalAction | undefined => plan.actions.find((a): a is EigenQueueWithdrawalAction => a.kind === 'eigen-queue-withdrawal');

describe('the planner leaves the operator with the last restaked shares', () => {
  it('10 weETH restaked → 0 (into liquid weETH), nothing else restaked: the queue undelegates', () => {
    const plan = planFor([observation('weETH', 30n), restaked('weETH-restaked', 10n), observation('ezETH', 50n)], [WEETH, WEETH_RESTAKED, EZETH], { weETH: 4000, 'weETH-restaked': 0, ezETH: 5000 });
    expect(queueOf(plan)).toMatchObject({ positionId: 'weETH-restaked', depositShares: 10n * E, undelegate: true });
  });

  it('half of it out: a plain queue, the delegation stays', () => {
    const plan = planFor([observation('weETH', 30n), restaked('weETH-restaked', 10n), observation('ezETH', 50n)], [WEETH, WEETH_RESTAKED, EZETH], { weETH: 3500, 'weETH-restaked': 500, ezETH: 5000 });
    expect(queueOf(plan)?.depositShares).toBe(5n * E);
    expect(queueOf(plan)?.undelegate).toBeUndefined();
  });

  it('10 ezETH still restaked with the operator: a plain queue, the delegation stays', () => {
    const plan = planFor(
      [observation('weETH', 30n), restaked('weETH-restaked', 10n), observation('ezETH', 40n), restaked('ezETH-restaked', 10n)],
      [WEETH, WEETH_RESTAKED, EZETH, OTHER],
      { weETH: 4000, 'weETH-restaked': 0, ezETH: 4000, 'ezETH-restaked': 1000 },
    );
    expect(queueOf(plan)?.depositShares).toBe(10n * E);
    expect(queueOf(plan)?.undelegate).toBeUndefined();
  });

  it('both restaked positions out: each queue is marked, and the calls hold one undelegate', () => {
    const plan = planFor(
      [observation('weETH', 30n), restaked('weETH-restaked', 10n), observation('ezETH', 40n), restaked('ezETH-restaked', 10n)],
      [WEETH, WEETH_RESTAKED, EZETH, OTHER],
      { weETH: 4000, 'weETH-restaked': 0, ezETH: 5000, 'ezETH-restaked': 0 },
    );
    const queues = plan.actions.filter((a): a is EigenQueueWithdrawalAction => a.kind === 'eigen-queue-withdrawal');
    expect(queues.map((q) => [q.positionId, q.depositShares, q.undelegate])).toEqual([
      ['weETH-restaked', 10n * E, true],
      ['ezETH-restaked', 10n * E, true],
    ]);
    // The one undelegate call withdraws both strategies: the first queue, which makes it, carries
    // both queues' gas (an EOA signed it with 2 × 250,000 and ran out of gas on the devnet).
    expect(queues.map((q) => q.gas)).toEqual([500_000, 0]);
    const targets = { chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3), lrts: {}, eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) } } as unknown as ExecutionTargets;
    const calls = buildCalls(queues, { holder: addr(99), targets, specs: [WEETH, WEETH_RESTAKED, EZETH, OTHER], withdrawals: new Map(), deadline: 1_700_000_000n });
    expect(calls.map((c) => c.data.slice(0, 10))).toEqual(['0xda8be864']);
  });
});

const QUEUE: EigenQueueWithdrawalAction = { kind: 'eigen-queue-withdrawal', positionId: 'weETH-restaked', strategy: WEETH_RESTAKED.eigen!.strategy, depositShares: 10n * E, underlyingLrt: 10n * E, valueWei: 10n * E, delaySeconds: 1_209_600, costWei: 0n, gas: 250_000, why: '' };

describe('undelegate on chain and in the backtest book', () => {
  it('encodes DelegationManager.undelegate(holder) (selector 0xda8be864) instead of queueWithdrawals', () => {
    const targets = { chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3), lrts: {}, eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) } } as unknown as ExecutionTargets;
    const ctx = { holder: addr(99), targets, specs: [WEETH, WEETH_RESTAKED], withdrawals: new Map(), deadline: 1_700_000_000n };
    const [call] = buildCalls([{ ...QUEUE, undelegate: true } as Action], ctx);
    expect(call?.to).toBe(addr(31));
    expect(call?.data).toBe(`0xda8be864${BigInt(addr(99)).toString(16).padStart(64, '0')}`);
    expect(buildCalls([QUEUE], ctx)[0]?.data.slice(0, 10)).toBe('0x0dd8dd02');
  });

  it('queues the 10 weETH and clears the delegation, so a delegation to another operator goes through next', () => {
    const market: MarketStep = {
      index: 3, timestamp: 1_700_000_000, baseFeeGwei: 10, baseFeeWei: 10n * 10n ** 9n,
      lrt: { weETH: { rate: 1, rateWad: E, dexDiscountBps: 0, dex: { token: 1_000n * E, weth: 1_000n * E } } },
      avsAprBps: {}, rewardPools: {}, events: [],
    };
    const book: Book = {
      idleWei: 1n * E,
      holdings: { weETH: { liquidLrt: 30n * E, depositShares: 0n, withdrawableLrt: 0n }, 'weETH-restaked': { liquidLrt: 0n, depositShares: 10n * E, withdrawableLrt: 10n * E } },
      queued: [], rewards: {}, slashes: [], nextId: 1, delegatedTo: OPERATOR,
    };
    const plan = (actions: Action[]): Plan => ({ kind: 'rebalance', reason: 't', actions, totals: { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n }, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {}, inputs: {} as Plan['inputs'] });
    const ctx = { specs: [WEETH, WEETH_RESTAKED], market, priorityFeeWei: 0n, rewardTokenByAddress: new Map<string, string>() };
    const out = applyPlan(book, plan([{ ...QUEUE, undelegate: true }]), ctx);
    expect(out.ok && out.book.delegatedTo).toBeUndefined();
    expect(out.ok && out.book.queued.map((q) => [q.kind, q.lrt])).toEqual([['eigen', 10n * E]]);
    const next = out.ok ? applyPlan(out.book, plan([{ kind: 'delegate', operator: addr(77), gas: 100_000, why: '' }]), ctx) : undefined;
    expect(next?.ok && next.book.delegatedTo).toBe(addr(77));
    // With a second restaked position, the one undelegate queues both (as on chain).
    const two: Book = { ...book, holdings: { ...book.holdings, 'ezETH-restaked': { liquidLrt: 0n, depositShares: 5n * E, withdrawableLrt: 5n * E } } };
    const lrt2 = { ...market.lrt, ezETH: { rate: 1, rateWad: E, dexDiscountBps: 0, dex: { token: 1_000n * E, weth: 1_000n * E } } };
    const both = applyPlan(two, plan([{ ...QUEUE, undelegate: true }, { ...QUEUE, positionId: 'ezETH-restaked', strategy: OTHER.eigen!.strategy, depositShares: 5n * E, undelegate: true }]), { ...ctx, specs: [WEETH, WEETH_RESTAKED, EZETH, OTHER], market: { ...market, lrt: lrt2 } });
    expect(both.ok && both.book.queued.map((q) => [q.positionId, q.lrt])).toEqual([['weETH-restaked', 10n * E], ['ezETH-restaked', 5n * E]]);
    expect(both.ok && both.book.delegatedTo).toBeUndefined();
    // A plain queue keeps the delegation, and the other operator is refused.
    const kept = applyPlan(book, plan([QUEUE]), ctx);
    expect(kept.ok && kept.book.delegatedTo).toBe(OPERATOR);
    expect(kept.ok ? applyPlan(kept.book, plan([{ kind: 'delegate', operator: addr(77), gas: 100_000, why: '' }]), ctx).ok : true).toBe(false);
  });
});
