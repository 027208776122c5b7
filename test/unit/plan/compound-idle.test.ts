/**
 * A compound pays its gas from idle and trades nothing, so the planner's buffer top-up (which
 * rides on a bundle's sales and buys) never saw it: a due EigenLayer completion at ordinary fees
 * took a tight-config 50 ETH vault's idle, held at 501 bps of a 500 bps minimum, to 498.87 bps.
 * Now the decision knows the compound's gas and the idle repair rides along in the same bundle.
 */
import { describe, expect, it } from 'vitest';
import type { QueuedWithdrawalObservation } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { decide } from '../../../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { hold } from '../../../strategies/hold.ts';
import { E, EZETH, LIMITS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const SPECS: PositionSpec[] = [WEETH, WEETH_RESTAKED, EZETH];
/** 7 weETH queued out of EigenLayer, completable an hour ago: its completion returns LRT, no cash. */
const DUE: QueuedWithdrawalObservation = { id: 'root-1', positionId: 'weETH-restaked', kind: 'eigen', amountWei: 7n * E, completableAt: NOW - 3600 };
const RESTAKED = observation('weETH-restaked', 38n, { liquidBalance: 0n, eigen: { depositShares: 38n * E, withdrawableShares: 38n * E, withdrawableUnderlying: 38n * E } });

/** About 100 ETH: `idleMilliEth` idle, 38 weETH restaked, 50 ezETH, 7 weETH due back; base fee 100 gwei (the limit: no spike). */
function decideWith(idleMilliEth: bigint) {
  const snap = snapshot(0n, [observation('weETH', 0n), RESTAKED, observation('ezETH', 50n)], {
    idleWei: idleMilliEth * 10n ** 15n,
    baseFeeWei: 100_000_000_000n,
    delegatedTo: OPERATOR,
    queuedWithdrawals: [DUE],
  });
  return decide({
    snapshot: snap,
    specs: SPECS,
    estimates: [estimate('weETH', 0.03), estimate('weETH-restaked', 0.035), estimate('ezETH', 0.03)],
    // The shipped default margin: a repair goes 25 bps inside the limit (rounding hides a 1-2 bps shortfall otherwise).
    limits: { ...LIMITS, capMarginBps: 25 },
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: hold,
    params: {},
    plannerOptions: DEFAULT_PLANNER_OPTIONS,
  });
}

describe('a compound that would take the idle buffer short', () => {
  it('completes alone when idle has room for its gas (5.5 ETH idle, 550 bps)', () => {
    const d = decideWith(5_500n);
    expect(d.plan.kind).toBe('compound');
    expect(d.plan.actions.map((a) => a.kind)).toEqual(['complete-withdrawal']);
  });

  it('tops the buffer up in the same bundle when its gas would take 501 bps under 499 (5.01 ETH idle)', () => {
    const alone = decideWith(5_500n).plan.totals.gasCostWei;
    // The completion alone would leave (5.01 − gas) / (100.01 − gas) of the vault idle.
    const left = (5.01 - Number(alone) / 1e18) / (100.01 - Number(alone) / 1e18);
    expect(left * 10_000).toBeLessThan(499);
    const d = decideWith(5_010n);
    expect(d.plan.kind).toBe('rebalance');
    expect(d.plan.forced).toBe(true);
    expect(d.plan.reason).toMatch(/^forced by IDLE_BUFFER/);
    const kinds = d.plan.actions.map((a) => a.kind);
    expect(kinds[0]).toBe('complete-withdrawal');
    expect(kinds).toContain('withdraw');
  });
});
