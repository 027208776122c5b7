/**
 * A due EigenLayer withdrawal returns its LRT into the liquid position of that token in the
 * bundle's first action, so the decision that completes it counts that LRT there: a protocol
 * cap the returned LRT breaks is repaired in the same bundle, not one step later.
 */
import { describe, expect, it } from 'vitest';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import { withDueEigenReturns } from '../../../src/domain/due-eigen-returns.ts';
import type { QueuedWithdrawalObservation } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const SPECS: PositionSpec[] = [WEETH, WEETH_RESTAKED, EZETH];
/** 7 weETH (rate 1.0) queued out of EigenLayer an hour before NOW became completable: due. */
const DUE: QueuedWithdrawalObservation = { id: 'root-1', positionId: 'weETH-restaked', kind: 'eigen', amountWei: 7n * E, completableAt: NOW - 3600 };
const RESTAKED_38 = observation('weETH-restaked', 38n, { liquidBalance: 0n, eigen: { depositShares: 38n * E, withdrawableShares: 38n * E, withdrawableUnderlying: 38n * E } });
/** 100 ETH: 15 idle, no liquid weETH, 38 weETH restaked, 40 ezETH, 7 weETH due back from EigenLayer. */
const SNAP = snapshot(15n, [observation('weETH', 0n), RESTAKED_38, observation('ezETH', 40n)], { delegatedTo: OPERATOR, queuedWithdrawals: [DUE] });
/** ether.fi (liquid + restaked weETH) capped at 40 %: 38 % now, 45 % once the 7 weETH are back. */
const CAPPED = { ...LIMITS, maxWeightPerProtocolBps: 4000 };

describe('due EigenLayer withdrawals counted in the liquid twin', () => {
  it('credits the 7 weETH to liquid weETH and no longer counts them as pending: weETH 700 bps, pending 0', () => {
    const view = withDueEigenReturns(SNAP, SPECS);
    const weeth = view.positions.find((p) => p.positionId === 'weETH');
    expect(weeth?.liquidBalance).toBe(7n * E);
    expect(weeth?.valueWei).toBe(7n * E);
    expect(view.queuedWithdrawals[0]?.returnedTo).toBe('weETH');
    const current = allocationFromSnapshot(view);
    expect(current.totalWei).toBe(100n * E);
    expect(current.weights).toEqual({ weETH: 700, 'weETH-restaked': 3800, ezETH: 4000 });
    expect(current.pendingBps).toBe(0);
    // The raw snapshot still reads it as pending (700 bps), as before.
    expect(allocationFromSnapshot(SNAP).pendingBps).toBe(700);
  });

  it('leaves a withdrawal not yet due, and one with no liquid twin, pending', () => {
    const notDue = snapshot(15n, SNAP.positions.slice(), { queuedWithdrawals: [{ ...DUE, completableAt: NOW + 60 }] });
    expect(withDueEigenReturns(notDue, SPECS)).toBe(notDue);
    expect(withDueEigenReturns(SNAP, [WEETH_RESTAKED, EZETH])).toBe(SNAP);
  });

  it('completes the withdrawal and repairs the 40 % ether.fi cap the returned weETH breaks (45 %) in the same bundle', () => {
    const d = decide({
      snapshot: SNAP,
      specs: SPECS,
      estimates: [estimate('weETH', 0.03), estimate('weETH-restaked', 0.03), estimate('ezETH', 0.03)],
      limits: CAPPED,
      context: { now: NOW, turnoverUsedTodayBps: 0 },
      strategy: hold,
      params: {},
      plannerOptions: DEFAULT_PLANNER_OPTIONS,
    });
    expect(d.current.weights).toEqual({ weETH: 700, 'weETH-restaked': 3800, ezETH: 4000 });
    // The repair sells the liquid side first (src/risk/liquid-first.ts): weETH 700 → 200 bps,
    // 5 of the 7 weETH that come back sold in the bundle that completes the due withdrawal, and
    // no new EigenLayer exit (its weETH would come back into the same group).
    expect(d.plan.actions[0]).toMatchObject({ kind: 'complete-withdrawal', withdrawalId: 'root-1' });
    const sale = d.plan.actions.find((a) => a.kind === 'withdraw' && a.positionId === 'weETH');
    expect(sale?.kind === 'withdraw' ? sale.amountLrt : 0n).toBe(5n * E);
    expect(d.plan.actions.some((a) => a.kind === 'eigen-queue-withdrawal')).toBe(false);
    // ether.fi after the bundle: 7 − 5 liquid + 38 restaked = 40 ETH of 100, at the cap.
    expect(d.plan.forced).toBe(true);
    expect(d.plan.actions.some((a) => a.kind === 'withdraw' && a.positionId === 'ezETH')).toBe(false);
  });
});
