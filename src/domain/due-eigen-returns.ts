/**
 * Due EigenLayer withdrawals seen where their LRT lands. A due withdrawal is completed first in
 * the next bundle (the planner's housekeeping) and pays the LRT itself back into the liquid
 * position of that token (lrt-pairs.ts), so the decision that completes it has to count that
 * LRT there already. Counted as pending instead, it was invisible until the step after: a
 * protocol cap repaired through an EigenLayer exit (the group holds the restaked and the liquid
 * position of one protocol) broke again for the step the LRT came back, and only the next
 * decision sold it. Seen in the liquid position, the bundle that completes the withdrawal
 * also sells what the caps do not allow, and the strategy weighs the returned LRT like any
 * other it holds. The live keeper and the backtest both decide on this view (decide.ts).
 *
 * A restaked position with no liquid twin is left as it was: its returned LRT has no position
 * that could be sold in the same bundle.
 */
import { liquidTwin } from './lrt-pairs.ts';
import type { Snapshot } from './snapshot.ts';
import type { PositionId, PositionSpec } from './types.ts';
import { divWad } from './units.ts';

/**
 * The snapshot with each due EigenLayer withdrawal's LRT credited to its liquid twin (balance
 * and value) and marked `returnedTo` that position, so it no longer counts as pending.
 * @example withDueEigenReturns(snapWith10WeEthDueFromRestaked, [WEETH, WEETH_RESTAKED]) // weETH's liquidBalance and valueWei + 10 weETH, the withdrawal returnedTo 'weETH'
 */
export function withDueEigenReturns(snapshot: Snapshot, specs: readonly PositionSpec[]): Snapshot {
  const credit = new Map<PositionId, { lrt: bigint; wei: bigint }>();
  const queuedWithdrawals = snapshot.queuedWithdrawals.map((q) => {
    if (q.kind !== 'eigen' || q.returnedTo !== undefined || q.completableAt >= snapshot.timestamp) return q;
    const from = specs.find((s) => s.id === q.positionId);
    const liquid = from === undefined ? undefined : liquidTwin(specs, from);
    const obs = liquid === undefined ? undefined : snapshot.positions.find((p) => p.positionId === liquid.id);
    if (liquid === undefined || obs === undefined || obs.rateWad <= 0n) return q;
    // The withdrawal's value is its LRT at the LRT's rate (observe/assemble.ts): the same rate
    // gives the LRT back, rounded down so a sale of it never asks for more than arrives.
    const c = credit.get(liquid.id) ?? { lrt: 0n, wei: 0n };
    credit.set(liquid.id, { lrt: c.lrt + divWad(q.amountWei, obs.rateWad), wei: c.wei + q.amountWei });
    return { ...q, returnedTo: liquid.id };
  });
  if (credit.size === 0) return snapshot;
  const positions = snapshot.positions.map((p) => {
    const c = credit.get(p.positionId);
    return c === undefined ? p : { ...p, liquidBalance: p.liquidBalance + c.lrt, valueWei: p.valueWei + c.wei };
  });
  return { ...snapshot, positions, queuedWithdrawals };
}
