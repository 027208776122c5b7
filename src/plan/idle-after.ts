/**
 * What a plan leaves idle after its bundle, and the rule that moves beyond the forced ones may
 * not spend what the forced moves raised for the idle buffer.
 */
import type { Plan } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { RiskFinding } from '../domain/verdict.ts';
import { BPS_BIG, ethText, mulDiv, weiToNumber } from '../domain/units.ts';
import { idleForBufferWei } from '../risk/pending.ts';

/**
 * The asset idle after the bundle: idle and due protocol withdrawals, plus the sales of now,
 * less the mints and DEX buys and the gas. A queued sale pays nothing now.
 */
export function idleAfterWei(plan: Plan, snapshot: Snapshot): bigint {
  let wei = idleForBufferWei(snapshot) - plan.totals.gasCostWei;
  for (const a of plan.actions) {
    if (a.kind === 'withdraw' && a.route !== 'queued') wei += a.expectedOutWei;
    if (a.kind === 'deposit-lrt') wei -= a.amountWei;
  }
  return wei;
}

/**
 * Moves beyond the forced ones must not undo them: a voluntary plan that leaves the idle buffer
 * short, and shorter than the forced moves alone leave it, is refused for that (the forced
 * moves go alone). A tight-config 50 ETH market started 300 bps under its idle minimum: the
 * forced plan topped it up, the plan with the strategy's moves beside it spent the proceeds.
 */
export function undoesIdleRepair(plan: Plan, forced: Plan, snapshot: Snapshot, totalWei: bigint, minIdleBps: number): RiskFinding | undefined {
  const buffer = mulDiv(totalWei, BigInt(minIdleBps), BPS_BIG, 'up');
  const voluntary = idleAfterWei(plan, snapshot);
  const repaired = idleAfterWei(forced, snapshot);
  if (voluntary >= buffer || voluntary >= repaired) return undefined;
  return {
    code: 'IDLE_BUFFER',
    observed: weiToNumber(voluntary),
    limit: weiToNumber(buffer),
    action: 'refused',
    message: `they leave ${ethText(voluntary)} idle after the bundle, under the ${ethText(buffer)} minimum, where the forced moves alone leave ${ethText(repaired)}`,
  };
}
