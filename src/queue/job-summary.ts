/**
 * What the queue dashboard (bull-board) shows of a job: a name a person can read ("execute
 * rebalance of devnet-main decided at block 1234") and its data in plain units (ETH, %, the
 * plan's reason and actions) instead of the payload, whose plans are `toJson` text full of
 * `{"$big": …}` amounts. Also the progress text long jobs report (`jobProgress`).
 *
 * Display only: never throws (a payload it cannot read is shown as it is), never changes the
 * job. The exact payload stays in Redis and in `keeper audit --json`.
 */
import type { Job } from 'bullmq';
import type { Plan } from '../domain/plan.ts';
import { ethText } from '../domain/units.ts';
import type { ExecutionResult } from '../execution/executor-types.ts';
import { describeAction } from '../cli/format/plan-text.ts';
import { fromJson } from '../state/json-bigint.ts';
import { QUEUE_NAMES } from './names.ts';
import { confirmJobSchema, executeJobSchema, observeJobSchema, vaultJobSchema } from './payloads.ts';

/** The job fields the name is made from (bull-board passes its job object). */
export interface JobLike {
  readonly name?: string;
  readonly id?: string;
  readonly data?: unknown;
}

/**
 * @example jobTitle('observe', { name: 'observe', data: { vault: 'devnet-main', block: 1234 } }) // 'observe devnet-main at block 1234'
 */
export function jobTitle(queue: string, job: JobLike): string {
  try {
    return titleOf(queue, job);
  } catch {
    return job.name ?? job.id ?? queue;
  }
}

function titleOf(queue: string, job: JobLike): string {
  switch (queue) {
    case QUEUE_NAMES.observe: {
      const d = observeJobSchema.parse(job.data);
      return `observe ${d.vault} at block ${d.block}`;
    }
    case QUEUE_NAMES.execute: {
      const d = executeJobSchema.parse(job.data);
      const plan = fromJson<Plan>(d.plan);
      return `execute ${plan.kind} of ${d.vault} decided at block ${d.block}`;
    }
    case QUEUE_NAMES.confirm: {
      const d = confirmJobSchema.parse(job.data);
      const result = fromJson<ExecutionResult>(d.result);
      return `confirm plan ${d.planId} of ${d.vault} (${result.status})`;
    }
    case QUEUE_NAMES.compound:
      return `compound rewards of ${vaultJobSchema.parse(job.data).vault}`;
    case QUEUE_NAMES.withdrawals:
      return `complete due withdrawals of ${vaultJobSchema.parse(job.data).vault}`;
    default:
      return job.name ?? job.id ?? queue;
  }
}

/**
 * The job's data as a person reads it: amounts in ETH to 4 decimals, shares in %, the plan's
 * reason and one line per action.
 * @example jobSummary('observe', { vault: 'devnet-main', block: 1234 }) // { vault: 'devnet-main', block: 1234 }
 */
export function jobSummary(queue: string, data: unknown): unknown {
  try {
    return summaryOf(queue, data);
  } catch {
    return data;
  }
}

function summaryOf(queue: string, data: unknown): unknown {
  switch (queue) {
    case QUEUE_NAMES.execute: {
      const d = executeJobSchema.parse(data);
      const plan = fromJson<Plan>(d.plan);
      return {
        vault: d.vault,
        plan: d.planId,
        kind: plan.kind,
        decidedAtBlock: d.block,
        source: d.source,
        reason: plan.reason,
        actions: plan.actions.map(describeAction),
        expectedGain: `${ethText(plan.expectedYearlyGainWei)}/year`,
        cost: ethText(plan.totals.totalCostWei),
        gas: ethText(plan.totals.gasCostWei),
        moved: ethText(plan.totals.movedWei),
        ...(plan.breakEvenDays === null ? {} : { breakEven: `${plan.breakEvenDays.toFixed(1)} days` }),
        turnover: `${((d.turnoverBps ?? 0) / 100).toFixed(2)}% of the book`,
      };
    }
    case QUEUE_NAMES.confirm: {
      const d = confirmJobSchema.parse(data);
      const result = fromJson<ExecutionResult>(d.result);
      return {
        vault: d.vault,
        plan: d.planId,
        status: result.status,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        ...(result.inclusionBlock === undefined ? {} : { inclusionBlock: result.inclusionBlock }),
        ...(result.targetBlocks.length === 0 ? {} : { targetBlocks: `${result.targetBlocks[0]}–${result.targetBlocks.at(-1)} (${result.targetBlocks.length})` }),
        calls: result.calls,
        expectedGain: `${ethText(BigInt(d.expectedYearlyGainWei))}/year`,
        expectedCost: ethText(BigInt(d.totalCostWei)),
        plannedGas: ethText(BigInt(d.gasCostWei)),
        turnover: `${((d.turnoverBps ?? 0) / 100).toFixed(2)}% of the book`,
      };
    }
    default:
      // observe {vault, block}, compound/withdrawals {vault}: already plain.
      return data;
  }
}

/** Reports a long job's stage to BullMQ (shown by the dashboard); a failure to report is not the job's failure. */
export async function jobProgress(job: Partial<Pick<Job, 'updateProgress'>>, text: string): Promise<void> {
  if (typeof job.updateProgress !== 'function') return;
  try {
    await job.updateProgress(text);
  } catch {
    // Progress is display only: a Redis hiccup here must not fail a job that moves money.
  }
}
