/**
 * The day's discretionary turnover of the plans that landed, counted from the audit log the
 * way the daemon's ledger counts it (src/queue/turnover.ts): once per PLAN, on the UTC day of
 * the plan's chain time. Used by the daemon end-to-end test to check the daily limit.
 *
 * Why not a plain sum over 'queued' decisions: a decision record is per deciding job, not
 * per plan. Under load the observe ticks lag behind the chain, and two ticks (of one process
 * or of two) can observe the same head block; the decision is pure, so both decide the same
 * plan, with the same plan id (vault, block, actions). The first claims the vault's slot; the
 * second re-claims it as its own (the slot lets a plan re-claim itself so a retried job can
 * go on), its execute job is the same job id (a no-op), and both decisions are audited
 * 'queued'. The plan executes once and the ledger counts its turnover once (keyed by plan
 * id), so summing the decisions counts it twice (a stalled observe job run again at the same
 * head does the same). The ledger check is atomic with the one-plan-per-vault slot, so the
 * distinct plans of one day cannot pass the limit; a sum over decisions can (one run under
 * load reported 14594 bps for a limit of 10000). Days are counted apart because the limit
 * is per UTC day of chain time and a devnet's chain clock can pass midnight mid-run.
 */
import type { DecisionRecord } from '../../../src/state/audit.ts';
import { utcDay } from '../../../src/queue/turnover.ts';

/**
 * @returns discretionary turnover (bps) per UTC day of the plans in `landedPlanIds`.
 * @example landedTurnoverByDay(decisions, new Set(['main-120-ab'])) // Map { 20001 => 7297 }
 */
export function landedTurnoverByDay(decisions: readonly DecisionRecord[], landedPlanIds: ReadonlySet<string>): Map<number, number> {
  const counted = new Set<string>();
  const byDay = new Map<number, number>();
  for (const d of decisions) {
    const id = d.plan.id;
    if (id === undefined || d.disposition !== 'queued' || !landedPlanIds.has(id) || counted.has(id)) continue;
    counted.add(id);
    // The ledger's day is the plan's chain time (plan.inputs.timestamp = the snapshot's).
    const day = utcDay(d.snapshot?.timestamp ?? 0);
    byDay.set(day, (byDay.get(day) ?? 0) + (d.verdict?.turnoverBps ?? 0));
  }
  return byDay;
}
